// Co-accounts from the dashboard: on the student page each parent slot with its e-mail, state
// and last login; send the activation mail, change an address (validated), revoke with a
// confirmation and allow again. Then the per-class overview: how many parents are active, who
// has no e-mail, "send to all not yet active" with its count and confirmation, and the letters.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { waitFor } from '../lib/wait.mjs';
import {
  SECONDARY,
  createAccounts,
  enrolledStudents,
  login,
  openFromMenu,
  switchSchool,
} from '../lib/admin.mjs';

const GROUP = '2e lj 1e gr Latijn';

const focusedTest = (page) =>
  page.evaluate(() => document.activeElement?.closest('[data-test]')?.getAttribute('data-test'));

export default async function ({ page, context, baseUrl, shot, mail }) {
  await login(page, baseUrl);
  await switchSchool(page, SECONDARY);
  const iid = /\/scholen\/([^/]+)\//.exec(page.url())[1];

  // Setup through the API with the same session: advanced accounts for the whole class.
  const api = context.request;
  const enrolled = await enrolledStudents(api, baseUrl, iid, { group: GROUP, type: 'none' });
  assert.ok(enrolled.length >= 10, `students in ${GROUP}`);
  await createAccounts(
    api,
    baseUrl,
    iid,
    enrolled.map((s) => ({ studentId: s.id, type: 'advanced' })),
  );
  const two = enrolled.find((s) => s.parentEmails.length === 2);
  const none = enrolled.find((s) => s.parentEmails.length === 0);
  assert.ok(two && none, 'a student with two parent e-mails and one with none');

  // 1. The student page shows both slots, not invited yet.
  await page.goto(`${baseUrl}/scholen/${iid}/leerlingen/${two.id}`);
  const panel = page.locator('[data-test=co-accounts-panel]');
  await panel.getByRole('heading', { name: 'Co-accounts' }).waitFor();
  const slots = panel.locator('[data-test=co-account-slot]');
  assert.equal(await slots.count(), 2);
  const [mama, papa] = two.parentEmails;
  assert.match(
    await slots.nth(0).innerText(),
    new RegExp(`${mama}[\\s\\S]*Niet uitgenodigd[\\s\\S]*Nog nooit`),
  );
  await shot('100-student-co-accounts');
  await expectNoSeriousViolations(page, 'student-co-accounts');

  // 2. Send the activation mail of slot 1: confirmation, state with the date, a real mail.
  await slots
    .nth(0)
    .getByRole('button', { name: 'Activatiemail versturen (Co-account 1)' })
    .click();
  const status = panel.locator('[data-test=co-accounts-status]');
  await status.getByText(`De e-mail is verstuurd naar ${mama}.`).waitFor();
  await slots
    .nth(0)
    .locator('[data-test=co-account-state]', { hasText: /Link verstuurd op/ })
    .waitFor();
  assert.equal(await focusedTest(page), 'co-account-slot', 'focus stays on the slot');
  const invitation = await mail.waitFor((m) => m.to.includes(mama));
  assert.match(invitation.text, /co-account\/activeren\//);
  await slots
    .nth(0)
    .getByRole('button', { name: /Activatiemail opnieuw versturen/ })
    .waitFor();
  await shot('101-co-account-invited');

  // 3. Change slot 2's address: a malformed one is refused in the dialog, a good one saved.
  await slots.nth(1).getByRole('button', { name: 'E-mailadres wijzigen (Co-account 2)' }).click();
  const dialog = page.getByRole('dialog', { name: 'E-mailadres van co-account 2' });
  await dialog.waitFor();
  const field = dialog.getByLabel('E-mailadres opgegeven bij inschrijving');
  assert.equal(await field.inputValue(), papa);
  await field.fill('papa-at-example.be');
  await dialog.locator('[data-test=co-account-email-save]').click();
  await dialog.getByText('Vul een geldig e-mailadres in, bv. naam@voorbeeld.be.').waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await field.fill(mama.toUpperCase());
  await dialog.locator('[data-test=co-account-email-save]').click();
  await dialog
    .getByText('Een andere co-account van deze leerling heeft dit e-mailadres al.')
    .waitFor();
  await shot('102-co-account-email-invalid');
  await expectNoSeriousViolations(page, 'co-account-email-dialog');
  const newPapa = `nieuw.${papa}`;
  await field.fill(newPapa);
  await dialog.locator('[data-test=co-account-email-save]').click();
  await dialog.waitFor({ state: 'detached' });
  await status.getByText('Het e-mailadres van co-account 2 is bewaard.').waitFor();
  await slots.nth(1).getByText(newPapa).waitFor();

  // 4. Revoke slot 1 after a confirmation; then allow it again.
  await slots.nth(0).getByRole('button', { name: 'Intrekken (Co-account 1)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Co-account 1 intrekken?' });
  await confirm.getByText(`De ouder (${mama}) kan dan niet meer aanmelden`).waitFor();
  await shot('103-co-account-revoke-confirm');
  await expectNoSeriousViolations(page, 'co-account-revoke-confirm');
  await confirm.getByRole('button', { name: 'Annuleer' }).click();
  await confirm.waitFor({ state: 'detached' });
  assert.match(await slots.nth(0).innerText(), /Link verstuurd op/, 'cancel changes nothing');
  await slots.nth(0).getByRole('button', { name: 'Intrekken (Co-account 1)' }).click();
  await confirm.locator('[data-test=co-account-revoke-confirm]').click();
  await status.getByText('Co-account 1 is ingetrokken.').waitFor();
  await slots
    .nth(0)
    .locator('[data-test=co-account-state]', { hasText: /Ingetrokken op/ })
    .waitFor();
  assert.equal(await slots.nth(0).locator('[data-test=co-account-send]').count(), 0);
  await shot('104-co-account-revoked');
  await slots.nth(0).getByRole('button', { name: 'Opnieuw toelaten (Co-account 1)' }).click();
  await status.getByText('Co-account 1 kan opnieuw geactiveerd worden.').waitFor();
  await slots
    .nth(0)
    .locator('[data-test=co-account-state]', { hasText: 'Niet uitgenodigd' })
    .waitFor();
  // The history tab lists what happened.
  await page.locator('[data-test=tab-history]').click();
  await page
    .getByText(/ingetrokken|revoked/i)
    .first()
    .waitFor();

  // 5. A student without parent e-mails: "Geen e-mailadres", only "E-mailadres instellen".
  await page.goto(`${baseUrl}/scholen/${iid}/leerlingen/${none.id}`);
  await panel.waitFor();
  assert.match(await slots.nth(0).innerText(), /Geen e-mailadres/);
  assert.equal(await slots.nth(0).locator('[data-test=co-account-send]').count(), 0);
  await slots
    .nth(0)
    .getByRole('button', { name: 'E-mailadres instellen (Co-account 1)' })
    .waitFor();

  // 6. The overview per class through the main menu.
  await openFromMenu(page, 'Co-accounts', 'Co-accounts per klas');
  await page.locator('.table-wrap[aria-busy=false]').waitFor();
  const row = page.locator('[data-test=overview-group]', { hasText: GROUP });
  await row.waitFor();
  const cells = (await row.locator('td').allInnerTexts()).map((c) => Number(c.trim()));
  const [students, withActive, active, invited, notInvited, noEmail, toSend] = cells;
  assert.equal(students, enrolled.length);
  assert.deepEqual([withActive, active, invited], [0, 0, 0]);
  assert.equal(toSend, notInvited, 'every registered address waits for a mail');
  assert.ok(noEmail > 0, 'some parents have no e-mail');
  await shot('105-co-accounts-overview');
  await expectNoSeriousViolations(page, 'co-accounts-overview');

  await row.getByRole('link', { name: `Toon klas ${GROUP}` }).click();
  const pending = page.locator('[data-test=overview-pending]');
  await pending.getByRole('heading', { name: `Nog geen actieve co-account in ${GROUP}` }).waitFor();
  // The heading shows at once; focus moves to it once the class's list has loaded.
  await page
    .waitForFunction(() => document.activeElement?.tagName === 'H2', null, { timeout: 10_000 })
    .catch(() => undefined);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H2');
  await pending.locator('[data-test=pending-student]').first().waitFor();
  assert.equal(await pending.locator('[data-test=pending-student]').count(), enrolled.length);
  await pending
    .locator('[data-test=without-email]', { hasText: /leerling\(en\) zonder e-mailadres/ })
    .waitFor();
  await shot('106-co-accounts-group');
  await expectNoSeriousViolations(page, 'co-accounts-group');

  // 7. Send to everyone of the class still waiting: the count, a confirmation, then the mails.
  const sendGroup = pending.locator('[data-test=send-group]');
  assert.equal(await sendGroup.innerText(), `Activatiemail versturen naar ${toSend} ouder(s)`);
  const before = mail.mails.length;
  await sendGroup.click();
  const sendDialog = page.getByRole('dialog', { name: 'Activatiemail versturen?' });
  await sendDialog.getByText(`naar ${toSend} ouder(s) van ${GROUP}`).waitFor();
  await shot('107-co-accounts-send-confirm');
  await expectNoSeriousViolations(page, 'co-accounts-send-confirm');
  await sendDialog.getByRole('button', { name: `Ja, verstuur ${toSend} e-mail(s)` }).click();
  await page
    .locator('[data-test=overview-status]')
    .getByText(`${toSend} activatiemail(s) verstuurd.`)
    .waitFor();
  await row.locator('td').last().getByText('0', { exact: true }).waitFor();
  assert.equal(await sendGroup.isDisabled(), true, 'nothing left to send');
  await waitFor(() => mail.mails.length - before >= toSend);
  assert.equal(mail.mails.length - before, toSend, 'one mail per waiting parent');
  assert.match(await row.innerText(), new RegExp(`\\b${toSend}\\b`));
  await shot('108-co-accounts-sent');

  // 8. The letters for the students of the class without an active co-account.
  const download = page.waitForEvent('download');
  await pending.locator('[data-test=group-letters]').click();
  const pdf = await download;
  assert.match(pdf.suggestedFilename(), /parent-letters\.pdf$/);
  assert.equal(
    readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString(),
    '%PDF-',
  );
  await page
    .locator('[data-test=overview-status]')
    .getByText(/De brieven zijn gedownload/)
    .waitFor();

  // 9. French and English.
  for (const [locale, heading] of [
    ['fr', 'Co-comptes par classe'],
    ['en', 'Co-accounts per class'],
  ]) {
    await page.locator('[data-test=locale]').selectOption(locale);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await shot(`109-co-accounts-overview-${locale}`);
    await expectNoSeriousViolations(page, `co-accounts-overview-${locale}`);
  }
  await page.locator('[data-test=locale]').selectOption('nl');
}
