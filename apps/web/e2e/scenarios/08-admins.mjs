// The "Beheerders" screen: the demo admin opens it for the primary school (07 invites in the
// secondary one), sees the validation of the add form, adds a helpdesk user (no password: an
// invitation is mailed), sees the pending badge, resends the invitation and finds two mails.
// The helpdesk user then sets a password with the newest link and gets an explanation, not an
// error, on the same screen.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { waitFor } from '../lib/wait.mjs';
import { PRIMARY, login, menu, openFromMenu, rowsLoaded, switchSchool } from '../lib/admin.mjs';

const HELPDESK = { email: 'lotte.claes@regenboog.example.be', name: 'Lotte Claes' };
const PASSWORD = 'Regenboog-secretariaat-2026';

const invitationsFor = (mail, address) =>
  mail.mails.filter((m) => m.to.includes(address) && /beheer\/uitnodiging\//.test(m.text));

const focusedTest = (page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-test') ?? '');

export default async function ({ page, baseUrl, shot, mail }) {
  // 1. From the students list to "Beheerders" through the main menu.
  await login(page, baseUrl);
  await switchSchool(page, PRIMARY);
  await openFromMenu(page, 'Beheerders');
  await page.waitForURL(/\/scholen\/[^/]+\/beheerders$/);
  await rowsLoaded(page);
  const demoRow = page.locator('[data-test=admin-row]', { hasText: 'demo@schoolloket.local' });
  await demoRow.waitFor();
  assert.match(await demoRow.innerText(), /Demo Admin[\s\S]*Beheerder[\s\S]*Actief/);
  assert.equal(
    await page.getByRole('link', { name: 'Beheerders' }).getAttribute('aria-current'),
    'page',
  );
  await shot('90-admins');
  await expectNoSeriousViolations(page, 'admins');

  // 2. An empty form is refused field by field; focus goes to the first field in error.
  await page.locator('[data-test=add-admin]').click();
  const dialog = page.getByRole('dialog', { name: 'Beheerder toevoegen' });
  await dialog.waitFor();
  await dialog.locator('[data-test=add-admin-submit]').click();
  await dialog.getByText('Vul een naam in.').waitFor();
  await dialog.getByText('Vul een e-mailadres in.').waitFor();
  assert.equal(await focusedTest(page), 'admin-name');
  assert.equal(await dialog.getByLabel('Naam').getAttribute('aria-invalid'), 'true');
  await dialog.getByLabel('Naam').fill(HELPDESK.name);
  await dialog.getByLabel('E-mailadres').fill('lotte.claes@regenboog');
  await dialog.locator('[data-test=add-admin-submit]').click();
  await dialog.getByText('Vul een geldig e-mailadres in, bv. naam@school.be.').waitFor();
  assert.equal(await focusedTest(page), 'admin-email');
  await shot('91-add-admin-invalid');
  await expectNoSeriousViolations(page, 'add-admin-invalid');

  // 3. A helpdesk user without a password: added as pending, an invitation is mailed.
  await dialog.getByLabel('E-mailadres').fill(HELPDESK.email);
  await dialog.getByLabel('Rol').selectOption({ label: 'Helpdesk' });
  await dialog.locator('[data-test=add-admin-submit]').click();
  await dialog.waitFor({ state: 'detached' });
  const status = page.locator('[data-test=admins-status]');
  await status.getByText(`Er is een uitnodiging verstuurd naar ${HELPDESK.email}.`).waitFor();
  assert.equal(await status.getAttribute('role'), 'status');
  assert.equal(await focusedTest(page), 'add-admin', 'focus back on the opener');
  const row = page.locator('[data-test=admin-row]', { hasText: HELPDESK.email });
  await row.locator('[data-test=admin-pending]', { hasText: 'Uitnodiging verstuurd' }).waitFor();
  assert.match(await row.innerText(), /Lotte Claes[\s\S]*Helpdesk[\s\S]*Nog nooit/);
  await mail.waitFor((m) => invitationsFor(mail, HELPDESK.email).includes(m));
  await shot('92-admin-added');

  // 4. Resend: a confirmation in the status region, focus stays on the button, a second mail.
  await row
    .getByRole('button', { name: `Uitnodiging opnieuw versturen naar ${HELPDESK.name}` })
    .click();
  await status
    .getByText(`Er is een nieuwe uitnodiging verstuurd naar ${HELPDESK.email}.`)
    .waitFor();
  await page.waitForFunction(
    () => document.activeElement?.getAttribute('data-test') === 'resend-invitation',
  );
  await waitFor(() => invitationsFor(mail, HELPDESK.email).length >= 2);
  const invitations = invitationsFor(mail, HELPDESK.email);
  assert.equal(invitations.length, 2, 'two invitation mails');
  assert.equal(invitations[1].subject, `Uitnodiging voor Schoolloket – ${PRIMARY}`);
  await shot('93-admin-invitation-resent');
  await expectNoSeriousViolations(page, 'admins-resent');

  // 5. The helpdesk user accepts the newest invitation and sees an explanation on the screen.
  const link = /(http\S+\/beheer\/uitnodiging\/[A-Za-z0-9_-]{43})/.exec(invitations[1].text)?.[1];
  assert.ok(link, `no invitation link in:\n${invitations[1].text}`);
  await page.locator('[data-test=logout]').click();
  await page.waitForURL(/\/login/);
  await page.goto(link);
  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(PASSWORD);
  await page.locator('[data-test=password-link-submit]').click();
  await page.locator('[data-test=password-link-done]').waitFor();
  await login(page, baseUrl, { email: HELPDESK.email, password: PASSWORD });
  // No tabs a helpdesk user cannot use (issue 14); Leerlingen and Co-accounts stay.
  assert.deepEqual(
    (await menu(page).getByRole('link').allInnerTexts()).map((s) => s.trim()),
    ['Leerlingen', 'Co-accounts'],
  );
  await shot('94a-helpdesk-tabs', { fullPage: false });
  // Typed by hand, the page explains instead of failing.
  await page.goto(page.url().replace(/\/leerlingen.*$/, '/beheerders'));
  await page.locator('[data-test=admins-forbidden]').waitFor();
  assert.equal(await page.locator('[data-test=admins-table]').count(), 0);
  assert.equal(await page.locator('[data-test=admins-error]').count(), 0);
  await shot('94-admins-helpdesk');
  await expectNoSeriousViolations(page, 'admins-helpdesk');
}
