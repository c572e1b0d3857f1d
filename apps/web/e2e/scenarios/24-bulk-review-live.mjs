// Bulk review and result (issue 14, item 7) and the parents' "Wachtwoord vergeten?" (item 9).
// The review flags a username used twice in the selection or ever issued while the admin types
// and as the selection changes; a row gets a new proposed password; the result screen survives a
// reload (batch id in the URL, passwords read again from the API) and renews one row's password
// after a confirmation. Writes its own group "Live check (e2e)" in the primary school.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import {
  createAdvancedAccount,
  createStudent,
  loginApi,
  PRIMARY,
  rowsLoaded,
} from '../lib/admin.mjs';

const GROUP = 'Live check (e2e)';

export default async function ({ page, context, baseUrl, shot }) {
  const api = context.request;
  const iid = await loginApi(api, baseUrl);
  const year = new Date().getFullYear();
  const names = [
    ['Lien', 'Levend'],
    ['Ward', 'Levend'],
    ['Saar', 'Levend'],
  ];
  for (const [i, [firstName, lastName]] of names.entries()) {
    await createStudent(api, baseUrl, iid, {
      stamnummer: String(990200 + i),
      firstName,
      lastName,
      group: GROUP,
      birthDate: `${year - 8}-03-01`,
    });
  }
  // A username issued before (never again): another student's, in another group.
  const other = await createStudent(api, baseUrl, iid, {
    stamnummer: '990210',
    firstName: 'Nora',
    lastName: 'Levend',
    group: 'Elders (e2e)',
  });
  const created = await createAdvancedAccount(api, baseUrl, iid, other.id, 'account for Nora');
  const taken = created.username;
  assert.equal(taken, 'nora.levend');

  // An empty list never reads "0–-1 van 0", also not while it loads: every text the range
  // label takes is recorded from the first paint on.
  await page.addInitScript(() => {
    globalThis.__ranges = [];
    new globalThis.MutationObserver(() => {
      const el = document.querySelector('[data-test=range]');
      if (el) globalThis.__ranges.push(el.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${baseUrl}/scholen/${iid}/leerlingen?q=zzzgeenzulkenaam`);
  await rowsLoaded(page);
  await page.locator('[data-test=total]', { hasText: '0' }).waitFor();
  const ranges = await page.evaluate(() => globalThis.__ranges);
  assert.ok(ranges.length > 0, 'the range label was seen');
  for (const r of ranges) assert.ok(!r.includes('-1'), `range label: "${r}"`);
  await shot('240-empty-list-range');

  await page.goto(`${baseUrl}/scholen/${iid}/leerlingen?groep=${encodeURIComponent(GROUP)}`);
  await rowsLoaded(page);
  await page.locator('[data-test=student-row]').nth(2).waitFor();
  await page.locator('[data-test=select-all]').check();
  await page.locator('[data-test=bulk-create]').click();
  await page.waitForURL(/accounts\/nieuw/);
  const row = (stam) => page.locator('[data-test=bulk-table] tbody tr', { hasText: `(${stam})` });
  const lien = row(990200);
  const ward = row(990201);
  const saar = row(990202);
  await saar.waitFor();
  const lienName = await lien.locator('[data-test=row-username]').inputValue();
  assert.equal(lienName, 'lien.levend');

  // Ward typed as Lien's name: both rows are flagged, saving waits.
  await ward.locator('[data-test=row-username]').fill('Lien.Levend');
  await ward.locator('[data-test=username-problem]', { hasText: 'ook bij Lien Levend' }).waitFor();
  await lien.locator('[data-test=username-problem]', { hasText: 'ook bij Ward Levend' }).waitFor();
  assert.ok(await page.locator('[data-test=bulk-save]').isDisabled());
  await page.locator('[data-test=bulk-conflicts]').waitFor();
  await shot('241-bulk-review-duplicate');
  await expectNoSeriousViolations(page, 'bulk-review-duplicate');

  // Lien left out of the selection: the clash is gone.
  await lien.locator('input[type=checkbox]').uncheck();
  await ward.locator('[data-test=username-problem]').waitFor({ state: 'detached' });
  await lien.locator('input[type=checkbox]').check();
  await ward.locator('[data-test=username-problem]', { hasText: 'ook bij Lien Levend' }).waitFor();

  // A name issued before (to a demo student).
  await ward.locator('[data-test=row-username]').fill(taken.toUpperCase());
  await ward.locator('[data-test=username-problem]', { hasText: 'al eens uitgegeven' }).waitFor();
  await lien.locator('[data-test=username-problem]').waitFor({ state: 'detached' });
  await shot('242-bulk-review-taken');

  // A control character is refused before anything is asked.
  await ward.locator('[data-test=row-username]').fill('ward\u0007levend');
  await ward.locator('[data-test=username-problem]').waitFor();
  assert.ok(await page.locator('[data-test=bulk-save]').isDisabled());

  await ward.locator('[data-test=row-username]').fill('ward.levend.e2e');
  await ward.locator('[data-test=username-problem]').waitFor({ state: 'detached' });
  assert.ok(!(await page.locator('[data-test=bulk-save]').isDisabled()));

  // "Nieuw wachtwoord" on a row: another proposal, same name.
  await saar.locator('[data-test=row-type]').selectOption('advanced');
  const before = (await saar.locator('.password').textContent()).trim();
  await saar.locator('[data-test=row-new-password]').click();
  await page.waitForFunction((old) => {
    const el = [...document.querySelectorAll('[data-test=bulk-table] tbody tr')]
      .find((tr) => tr.textContent.includes('(990202)'))
      ?.querySelector('.password');
    return el && el.textContent.trim() && el.textContent.trim() !== old;
  }, before);
  assert.equal(await saar.locator('[data-test=row-username]').inputValue(), 'saar.levend');

  // Save (a double click creates one batch: the button is disabled while saving).
  await page.locator('[data-test=bulk-save]').dblclick();
  await page.locator('[data-test=bulk-created]').waitFor();
  const resultUrl = page.url();
  assert.match(resultUrl, /accounts\/reeks\/[0-9a-f-]{36}$/);
  const saarRow = () => page.locator('tr', { hasText: '(990202)' });
  const shown = (await saarRow().locator('.password').textContent()).trim();
  assert.match(shown, /^\S{8}$/);

  // Reload: the two tables are read again from the API.
  await page.reload();
  await page.locator('[data-test=bulk-created]', { hasText: '3 accounts' }).waitFor();
  assert.equal((await saarRow().locator('.password').textContent()).trim(), shown);
  await page.locator('tr', { hasText: 'ward.levend.e2e' }).waitFor();
  await shot('243-bulk-result-after-reload');
  await expectNoSeriousViolations(page, 'bulk-result-after-reload');

  // A new password for one row, after a confirmation; the old one stops working.
  await saarRow().locator('[data-test=result-new-password]').click();
  await page.getByText('Het huidige wachtwoord werkt dan niet meer').waitFor();
  await shot('244-bulk-result-confirm');
  await page.locator('[data-test=row-reset-password-confirm]').click();
  await page.locator('[data-test=renewed]').waitFor();
  const renewed = (await saarRow().locator('.password').textContent()).trim();
  assert.notEqual(renewed, shown);
  await shot('245-bulk-result-renewed');
  const login = (password) =>
    context.request.post(`${baseUrl}/api/v1/portal/login`, {
      data: { username: 'saar.levend', password },
    });
  assert.equal((await login(shown)).status(), 401, 'the old password');
  await page.reload();
  assert.equal((await saarRow().locator('.password').textContent()).trim(), renewed);

  // The parents' way in: "Wachtwoord vergeten?" on the portal login, then the school's helpdesk.
  await page.goto(`${baseUrl}/aanmelden`);
  await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
  await page.waitForURL(/co-account\/activeren$/);
  await page.locator('[data-test=student-note]').waitFor();
  await page.goto(`${baseUrl}/co-account/activeren?school=${iid}`);
  await page.locator('[data-test=activation-request]', { hasText: PRIMARY }).waitFor();
  await shot('246-forgot-password-school');
  await expectNoSeriousViolations(page, 'forgot-password-school');
}
