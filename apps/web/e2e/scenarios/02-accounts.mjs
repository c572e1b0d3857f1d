// The LeerID flows: one account from the student page, then a bulk for a whole group, and the ZIP.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { login } from '../lib/admin.mjs';
import { expectNoSeriousViolations } from '../lib/axe.mjs';

export default async function ({ page, baseUrl, artifacts, shot }) {
  await login(page, baseUrl);
  await page
    .locator('[data-test=school-switcher]')
    .selectOption({ label: 'Basisschool De Regenboog (demo)' });
  await page.waitForFunction(() =>
    document.querySelector('[data-test=total]')?.textContent?.includes('120'),
  );

  // One student: "Maak een account aan" → basic, picture password → "Bewaren en afdrukken".
  await page.locator('[data-test=group]').selectOption('2de leerjaar');
  await page.waitForURL(/groep=/);
  await page.locator('[data-test=student-row]').first().click();
  await page.locator('[data-test=create-account]').click();
  await page.locator('[data-test=type-basic]').check();
  await page.locator('[data-test=kind-picture]').check();
  await page.locator('.dialog .pictures img').first().waitFor();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.dialog .pictures img')].every(
      (i) => i.complete && i.naturalWidth > 0,
    ),
  );
  await shot('10-create-account-dialog');
  await expectNoSeriousViolations(page, 'create-account-dialog');
  const download = page.waitForEvent('download');
  await page.locator('[data-test=save-and-print]').click();
  const zip = await download;
  assert.match(zip.suggestedFilename(), /-accounts\.zip$/);
  await page.locator('[data-test=account-panel]').waitFor();
  await page.getByText('Het account is succesvol aangemaakt.').waitFor();
  await shot('11-account-panel');
  await expectNoSeriousViolations(page, 'account-panel');
  // The login data dialog (same BaseDialog as the creation dialog); Escape closes it.
  await page.locator('[data-test=edit-login]').click();
  await page.getByRole('dialog', { name: 'Pas aanmeldgegevens aan' }).waitFor();
  await expectNoSeriousViolations(page, 'edit-login-dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.locator('[data-test=tab-history]').click();
  await page.locator('[data-test=history] tbody tr').first().waitFor();
  assert.match(await page.locator('[data-test=history]').textContent(), /Account aangemaakt/);
  await shot('12-account-history');
  await expectNoSeriousViolations(page, 'account-history');

  // Bulk: the whole group "1ste leerjaar".
  await page.goto(`${page.url().replace(/\/leerlingen\/.*/, '/leerlingen')}?groep=1ste+leerjaar`);
  await page.waitForFunction(() =>
    document.querySelector('[data-test=total]')?.textContent?.includes('20'),
  );
  await page.locator('[data-test=select-all]').check();
  await page.locator('[data-test=bulk-create]').click();
  await page.waitForURL(/accounts\/nieuw/);
  await page.locator('[data-test=bulk-table] tbody tr').nth(19).waitFor();
  await page.locator('[data-test=all-word]').check();
  await page.waitForFunction(
    () => document.querySelectorAll('[data-test=bulk-table] .password').length === 20,
  );
  await shot('13-bulk-review');
  await expectNoSeriousViolations(page, 'bulk-review');
  await page.locator('[data-test=bulk-save]').click();
  await page.locator('[data-test=bulk-created]').waitFor();
  assert.match(
    await page.locator('[data-test=bulk-created]').textContent(),
    /20 accounts zijn aangemaakt/,
  );
  await shot('14-bulk-result');
  await expectNoSeriousViolations(page, 'bulk-result');
  const zipDownload = page.waitForEvent('download');
  await page.locator('[data-test=download-zip]').click();
  const file = await zipDownload;
  const path = join(artifacts, 'bulk.zip');
  await file.saveAs(path);
  assert.equal(readFileSync(path).subarray(0, 2).toString(), 'PK');
}
