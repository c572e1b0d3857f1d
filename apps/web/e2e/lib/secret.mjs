// A secret shown once (BaseSecretDialog: a new API key, an app's client secret).
import assert from 'node:assert/strict';

/**
 * Reads the secret from the dialog's field (data-test `valueTest`), copies it with the dialog's
 * button (`copyLabel`, the words differ per secret), checks that the clipboard holds it, and
 * returns it. The scenario grants clipboard-read first.
 */
export async function copyShownSecret(page, dialog, { valueTest, copyLabel }) {
  const value = await dialog.locator(`[data-test=${valueTest}]`).inputValue();
  await dialog.getByRole('button', { name: copyLabel }).click();
  await dialog.getByText('Gekopieerd.').waitFor();
  assert.equal(
    await page.evaluate(() => document.defaultView.navigator.clipboard.readText()),
    value,
  );
  return value;
}
