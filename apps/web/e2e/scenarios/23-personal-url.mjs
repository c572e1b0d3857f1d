// The personal URL on a card says how to log in (issue 14, item 8): a picture account's opens
// the pictures and logs in after the last one by itself; an advanced account's opens the password
// form. On a 1280×800 screen the login button is visible without scrolling.
// Creates accounts for two students of the primary school's "3de leerjaar".
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { createAccounts, loginApi } from '../lib/admin.mjs';
import { json } from '../lib/wait.mjs';

export default async function ({ page, context, baseUrl, shot }) {
  const api = context.request;
  const iid = await loginApi(api, baseUrl);
  const list = await json(
    await api.get(`${baseUrl}/api/v1/institutions/${iid}/students`, {
      params: { group: '3de leerjaar', type: 'none', status: 'none', pageSize: 2 },
    }),
    'students',
  );
  const [a, b] = list.items;
  const [kid, older] = await createAccounts(api, baseUrl, iid, [
    { studentId: a.id, type: 'basic', passwordKind: 'picture' },
    { studentId: b.id, type: 'advanced' },
  ]);
  await context.clearCookies();

  // The card's URL as the export prints it (core's personalUrl; the API tests read it back).
  const url = `${baseUrl}/u/${kid.username}?prentjes=${kid.pictures.length}`;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(url);
  await page.locator('[data-test=picture-grid] button').nth(15).waitFor();
  const button = page.locator('[data-test=portal-login-submit]');
  const box = await button.boundingBox();
  assert.ok(
    box && box.y + box.height <= 800,
    `login button below the fold: ${JSON.stringify(box)}`,
  );
  await shot('230-personal-url-pictures', { fullPage: false });
  await expectNoSeriousViolations(page, 'personal-url-pictures');
  for (const id of kid.pictures)
    await page.locator(`[data-test=picture-grid] button[data-picture="${id}"]`).click();
  // No click on "Aanmelden": the last picture logs in.
  await page.waitForURL(/\/portaal$/);
  await shot('231-personal-url-logged-in', { fullPage: false });

  // The advanced student's card opens the password form.
  await context.clearCookies();
  const other = page;
  await other.goto(`${baseUrl}/u/${older.username}?wachtwoord`);
  await other.getByLabel('Wachtwoord', { exact: true }).waitFor();
  assert.equal(await other.locator('[data-test=picture-grid]').count(), 0);
  await shot('232-personal-url-password', { fullPage: false });
  await other.getByLabel('Wachtwoord', { exact: true }).fill(older.password);
  await other.locator('[data-test=portal-login-submit]').click();
  await other.waitForURL(/\/portaal\/wachtwoord/);
}
