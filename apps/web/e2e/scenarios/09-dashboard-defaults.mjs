// Defaults that must never hurt a school (issue 14): a new password is confirmed first and then
// stays on screen with its print buttons; a partial import file ends nobody's enrolment unless
// asked, and a mass ending needs the count typed; bulk creation proposes the type per row by age.
// Writes to the primary school's "6de leerjaar" and "4de leerjaar" only.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { json } from '../lib/wait.mjs';
import { createAdvancedAccount, enrolledStudents, loginApi } from '../lib/admin.mjs';

export default async function ({ page, context, baseUrl, shot }) {
  const api = context.request;
  const primary = await loginApi(api, baseUrl);

  // 1. "Nieuw wachtwoord": confirm, then the password stays in a dialog until it is closed.
  const [student] = await enrolledStudents(api, baseUrl, primary, {
    group: '6de leerjaar',
    type: 'none',
  });
  const { password: oldPassword } = await createAdvancedAccount(api, baseUrl, primary, student.id);
  await page.goto(`${baseUrl}/scholen/${primary}/leerlingen/${student.id}`);
  await page.locator('[data-test=account-panel]').waitFor();
  await page.locator('[data-test=new-password]').click();
  const confirm = page.getByRole('dialog', { name: 'Nieuw wachtwoord' });
  await confirm.getByText('Het huidige wachtwoord werkt dan niet meer.').waitFor();
  await shot('90-new-password-confirm');
  await expectNoSeriousViolations(page, 'new-password-confirm');
  // Cancelling changes nothing.
  await confirm.getByRole('button', { name: 'Annuleer' }).click();
  await confirm.waitFor({ state: 'detached' });
  const history = async () =>
    (
      await json(
        await api.get(`${baseUrl}/api/v1/institutions/${primary}/students/${student.id}/history`),
        'history',
      )
    ).items.filter((e) => e.kind === 'password_regenerated').length;
  assert.equal(await history(), 0, 'cancel made no new password');

  await page.locator('[data-test=new-password]').click();
  await page.locator('[data-test=reset-password-confirm]').click();
  const shown = page.getByRole('dialog', {
    name: `Nieuw wachtwoord voor ${student.firstName} ${student.lastName}`,
  });
  await shown.locator('[data-test=new-password-text]').waitFor();
  const fresh = (await shown.locator('[data-test=new-password-text]').innerText()).trim();
  assert.match(fresh, /^[A-Za-z0-9]{8}$/);
  assert.notEqual(fresh, oldPassword);
  // The panel reloads behind the dialog (history, status); the dialog and the password stay.
  await page.getByText('Er is een nieuw wachtwoord gemaakt.').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[role=dialog]').length === 1);
  assert.equal((await shown.locator('[data-test=new-password-text]').innerText()).trim(), fresh);
  assert.equal(await history(), 1);
  await shot('91-new-password-shown');
  await expectNoSeriousViolations(page, 'new-password-shown');
  // Printing goes through the print dialog (offset, first sticker, preview); the new password
  // is shown again when it closes.
  await shown.locator('[data-test=print-card]').click();
  const printDialog = page.getByRole('dialog', { name: 'Afdrukken en downloaden' });
  await printDialog.waitFor();
  assert.equal(await page.locator('[data-test=format-cards]').isChecked(), true);
  const card = page.waitForEvent('download');
  await page.locator('[data-test=print-download]').click();
  assert.match((await card).suggestedFilename(), /-cards-a4\.pdf$/);
  await printDialog.waitFor({ state: 'detached' });
  await shown.locator('[data-test=new-password-text]').waitFor();
  await shown.locator('[data-test=secret-print]').click();
  await printDialog.waitFor();
  const zip = page.waitForEvent('download');
  await page.locator('[data-test=print-download]').click();
  assert.match((await zip).suggestedFilename(), /\.zip$/);
  await shown.locator('[data-test=secret-close]').click();
  await shown.waitFor({ state: 'detached' });

  // Blocking says what happened, and the earlier message does not stay.
  await page.locator('[data-test=block]').click();
  await page.locator('[data-test=block-confirm]').click();
  await page.getByText('Het account is geblokkeerd.').waitFor();
  assert.equal(await page.getByText('Er is een nieuw wachtwoord gemaakt.').count(), 0);
  await page.locator('[data-test=unblock]').click();
  await page.getByText('Het account is gedeblokkeerd.').waitFor();

  const enrolment = () => enrolments(api, baseUrl, primary);
  const before = await enrolment();
  await partialImport({ page, api, baseUrl, shot, iid: primary });
  assert.deepEqual(await enrolment(), before, 'no enrolment ended');
}

/**
 * 3. A partial file (4 students of a school of 120) leaves the others as they are by default;
 * ending their enrolment is a choice, and ending that many asks to type the count. The run keeps
 * them, so the demo school is unchanged for the other scenarios.
 */
export async function partialImport({ page, api, baseUrl, shot, iid }) {
  // Enrolled students only: a listed leaver would be enrolled again (a file lists the enrolled).
  const four = (await enrolledStudents(api, baseUrl, iid, { group: '4de leerjaar' })).slice(0, 4);
  const lines = [
    'Stamnummer;Naam;Voornaam;Klas',
    ...four.map((s) => [s.stamnummer, s.lastName, s.firstName, s.group].join(';')),
  ];
  await page.goto(`${baseUrl}/scholen/${iid}/import`);
  await page.locator('[data-test=import-file]').setInputFiles({
    name: 'vier-leerlingen.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${lines.join('\r\n')}\r\n`),
  });
  await page.locator('[data-test=check-file]').click();
  await page.waitForURL(/\/import\/[0-9a-f-]{36}$/);
  await page.locator('[data-test=commit-card]').waitFor();
  assert.ok(await page.locator('[data-test=leavers-keep]').isChecked(), 'keep is the default');
  assert.ok(!(await page.locator('[data-test=leavers-end]').isChecked()));
  assert.equal(await page.locator('[data-test=mass-ending]').count(), 0);
  await shot('92-import-partial-default');
  await expectNoSeriousViolations(page, 'import-partial-default');

  // Choosing to end 116 enrolments asks to type that number before the button works.
  await page.locator('[data-test=leavers-end]').check();
  await page.locator('[data-test=mass-ending]').waitFor();
  const leaving = Number(/\d+/.exec(await page.locator('[data-test=tab-leaving]').innerText())[0]);
  assert.ok(leaving >= 100, `most of the school leaves (${leaving})`);
  assert.ok(await page.locator('[data-test=commit]').isDisabled());
  await page.locator('[data-test=type-count]').fill(String(leaving - 1));
  assert.ok(await page.locator('[data-test=commit]').isDisabled());
  await page.locator('[data-test=type-count]').fill(String(leaving));
  assert.ok(await page.locator('[data-test=commit]').isEnabled());
  await shot('93-import-mass-ending-typed');
  await expectNoSeriousViolations(page, 'import-mass-ending');

  // Back to the default, and run: nobody's enrolment ends.
  await page.locator('[data-test=leavers-keep]').check();
  await page.locator('[data-test=commit]').click();
  await page.locator('[data-test=import-summary]').waitFor();
  assert.match(
    await page.locator('[data-test=import-summary]').innerText(),
    new RegExp(`${leaving} vertrekkende leerling\\(en\\) ongewijzigd gelaten`),
  );
}

/** Every student's enrolment end date, by stamnummer. */
async function enrolments(api, baseUrl, iid) {
  const list = await json(
    await api.get(`${baseUrl}/api/v1/institutions/${iid}/students`, {
      params: { pageSize: 500, sort: 'stamnummer' },
    }),
    'students',
  );
  return list.items.map((s) => `${s.stamnummer} ${s.enrolledUntil}`);
}
