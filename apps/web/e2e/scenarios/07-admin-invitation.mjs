// Admin passwords through mailed links: the demo admin invites a new admin (through the API with
// her own session: the Beheerders screen is tested in 08-admins), the invitation arrives by mail,
// the new admin sets a password on the link's page and logs in; then "forgot password" from the
// login page, the reset mail, a new password, and the used link no longer works; finally another
// school adds her address: it learns nothing about her and she accepts joining through a mail.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { waitFor } from '../lib/wait.mjs';
import { PRIMARY, SECONDARY, login, rowsLoaded, schoolId } from '../lib/admin.mjs';

const NEW_ADMIN = { email: 'nora.janssens@sintpieters.example.be', name: 'Nora Janssens' };
const FIRST_PASSWORD = 'Kastanjes-in-de-herfst-7';
const SECOND_PASSWORD = 'Fietsen-langs-de-Leie-42';

const linkIn = (mail, kind) => {
  const link = new RegExp(`(http\\S+/beheer/${kind}/[A-Za-z0-9_-]{43})`).exec(mail.text)?.[1];
  assert.ok(link, `no ${kind} link in:\n${mail.text}`);
  return link;
};

/**
 * The logged-in admin adds `data` (email, name, role) to the school named `schoolName` through
 * the API, as the Beheerders screen does; returns the answer (201).
 */
async function addAdmin(page, baseUrl, schoolName, data) {
  const iid = await schoolId(page.request, baseUrl, schoolName);
  const res = await page.request.post(`${baseUrl}/api/v1/institutions/${iid}/admins`, { data });
  assert.equal(res.status(), 201, await res.text());
  return res.json();
}

async function setPassword(page, password) {
  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(password);
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(password);
  await page.locator('[data-test=password-link-submit]').click();
}

export default async function ({ page, baseUrl, shot, mail }) {
  // 1. The demo admin (logged in through the form) adds a colleague without a password.
  await login(page, baseUrl);
  const added = await addAdmin(page, baseUrl, SECONDARY, { ...NEW_ADMIN, role: 'admin' });
  assert.equal(added.invitationPending, true);
  await page.locator('[data-test=logout]').click();
  await page.waitForURL(/\/login/);

  // 2. The invitation mail carries a link on PUBLIC_BASE_URL.
  const invitation = await mail.waitFor(
    (m) => m.to.includes(NEW_ADMIN.email) && /beheer\/uitnodiging\//.test(m.text),
  );
  assert.equal(invitation.subject, `Uitnodiging voor Schoolloket – ${SECONDARY}`);
  const inviteLink = linkIn(invitation, 'uitnodiging');
  assert.ok(inviteLink.startsWith(baseUrl), `link ${inviteLink}`);

  // 3. The page says who it is for and which school invites; a weak password is refused.
  await page.goto(inviteLink);
  await page.locator('[data-test=password-link-form]').waitFor();
  await page.getByRole('heading', { name: 'Welkom bij Schoolloket' }).waitFor();
  const who = await page.locator('[data-test=password-link-who]').textContent();
  assert.match(who, /Nora Janssens/);
  assert.match(who, /nora\.janssens@sintpieters\.example\.be/);
  await page.getByText(`${SECONDARY} nodigt je uit.`).waitFor();
  await shot('80-admin-invitation');
  await expectNoSeriousViolations(page, 'admin-invitation');

  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(FIRST_PASSWORD);
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(`${FIRST_PASSWORD}x`);
  await page.locator('[data-test=password-link-submit]').click();
  await page.locator('[data-test=password-link-errors]', { hasText: 'niet gelijk' }).waitFor();
  await setPassword(page, 'nora-op-het-college-2024');
  await page
    .locator('[data-test=password-link-errors]', { hasText: 'je voornaam of naam' })
    .waitFor();
  await shot('81-admin-invitation-weak-password');
  await expectNoSeriousViolations(page, 'admin-invitation-errors');

  // 4. A good password; the page points to the login page, which knows the address already.
  await setPassword(page, FIRST_PASSWORD);
  await page.locator('[data-test=password-link-done]').waitFor();
  await shot('82-admin-invitation-done');
  await expectNoSeriousViolations(page, 'admin-invitation-done');
  await page.locator('[data-test=to-login]').click();
  await page.waitForURL(/\/login\?/);
  await page.locator('[data-test=login-password-set]').waitFor();
  assert.equal(await page.getByLabel('E-mailadres').inputValue(), NEW_ADMIN.email);
  await page.waitForFunction(() => document.activeElement?.id === 'login-password');
  await shot('83-login-after-invitation');
  await expectNoSeriousViolations(page, 'login-password-set');
  await page.getByLabel('Wachtwoord', { exact: true }).fill(FIRST_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL(/\/scholen\/[^/]+\/leerlingen/);
  await page.locator('[data-test=user-name]', { hasText: NEW_ADMIN.name }).waitFor();
  await rowsLoaded(page);
  await shot('84-new-admin-logged-in');
  // The used link is dead.
  await page.goto(inviteLink);
  await page.locator('[data-test=password-link-invalid]').waitFor();
  await page.getByText('Vraag de beheerder van je school om je opnieuw uit te nodigen.').waitFor();
  await shot('85-admin-invitation-used');
  await expectNoSeriousViolations(page, 'admin-link-invalid');

  // 5. Forgot password: from the login page, the same answer for a known and an unknown address.
  await page.request.post(`${baseUrl}/api/v1/auth/logout`);
  await page.goto(`${baseUrl}/login`);
  await page.locator('[data-test=login-forgot]').click();
  await page.waitForURL(/\/beheer\/wachtwoord-vergeten$/);
  await page.getByRole('heading', { name: 'Wachtwoord vergeten' }).waitFor();
  await shot('86-forgot-password');
  await expectNoSeriousViolations(page, 'forgot-password');
  const answerFor = async (address) => {
    await page.getByLabel('E-mailadres').fill(address);
    await page.locator('[data-test=forgot-send]').click();
    const sent = page.locator('[data-test=forgot-sent]');
    await sent.waitFor();
    const text = await sent.textContent();
    await page.getByRole('button', { name: 'Opnieuw aanvragen' }).click();
    return text;
  };
  const unknown = await answerFor('niemand.hier@sintpieters.example.be');
  const known = await answerFor(NEW_ADMIN.email.toUpperCase());
  assert.equal(known, unknown);
  await page.getByLabel('E-mailadres').fill(NEW_ADMIN.email);
  await page.locator('[data-test=forgot-send]').click();
  await page.locator('[data-test=forgot-sent]').waitFor();
  await shot('87-forgot-password-sent');
  await expectNoSeriousViolations(page, 'forgot-password-sent');

  // Two requests for the known address: only the newest link works.
  const resets = () =>
    mail.mails.filter((m) => m.to.includes(NEW_ADMIN.email) && /beheer\/wachtwoord\//.test(m.text));
  await waitFor(() => resets().length >= 2);
  assert.equal(resets().length, 2, 'two reset mails');
  assert.equal(resets()[0].subject, 'Nieuw wachtwoord voor Schoolloket');
  assert.ok(
    !mail.mails.some((m) => m.to.includes('niemand.hier@sintpieters.example.be')),
    'no mail for an unknown address',
  );
  // Mails may arrive in either order (the outbox sends them concurrently): ask the API which
  // of the two links is still open; exactly one must be.
  const links = resets().map((m) => linkIn(m, 'wachtwoord'));
  const open = [];
  for (const link of links) {
    const token = link.split('/').pop();
    const res = await page.request.get(`${baseUrl}/api/v1/auth/password-links/${token}`);
    open.push(res.status() === 200);
  }
  assert.deepEqual([...open].sort(), [false, true], 'exactly one of the two reset links works');
  const newest = links[open.indexOf(true)];
  const older = links[open.indexOf(false)];

  await page.goto(older);
  await page.locator('[data-test=password-link-invalid]').waitFor();
  await page.locator('[data-test=request-new]').waitFor();

  // 6. The reset page, in French for once, then back to Dutch; a new password; log in with it.
  await page.goto(newest);
  await page.locator('[data-test=password-link-form]').waitFor();
  await page.locator('[data-test=locale]').selectOption('fr');
  await page.getByRole('heading', { name: 'Choisir un nouveau mot de passe' }).waitFor();
  await shot('88-reset-password-fr');
  await expectNoSeriousViolations(page, 'reset-password-fr');
  await page.locator('[data-test=locale]').selectOption('nl');
  await page.getByRole('heading', { name: 'Nieuw wachtwoord instellen' }).waitFor();
  await setPassword(page, SECOND_PASSWORD);
  await page.locator('[data-test=password-link-done]').waitFor();
  await shot('89-reset-password-done');
  await mail.waitFor(
    (m) =>
      m.to.includes(NEW_ADMIN.email) && /wachtwoord voor Schoolloket is gewijzigd/.test(m.subject),
  );

  // The old password no longer works, the new one does.
  const old = await page.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { email: NEW_ADMIN.email, password: FIRST_PASSWORD },
  });
  assert.equal(old.status(), 401);
  await login(page, baseUrl, { email: NEW_ADMIN.email, password: SECOND_PASSWORD });

  // 7. Ten wrong passwords lock an address (known or not); the login page says for how long.
  const context = page.context();
  await context.clearCookies();
  await page.goto(`${baseUrl}/login`);
  const guessed = 'nobody.guessed@sintpieters.example.be';
  for (let i = 0; i < 10; i++) {
    const res = await page.request.post(`${baseUrl}/api/v1/auth/login`, {
      data: { email: guessed, password: `wrong-password-${i}` },
    });
    assert.equal(res.status(), 401);
  }
  await page.getByLabel('E-mailadres').fill(guessed);
  await page.getByLabel('Wachtwoord', { exact: true }).fill('wrong-password-x');
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  const error = page.locator('[data-test=login-error]');
  await error.waitFor();
  assert.match(await error.innerText(), /Te veel mislukte pogingen .* over 1 minuut/);
  await shot('95-admin-login-locked');
  await expectNoSeriousViolations(page, 'admin-login-locked');

  // 8. The demo admin's other school adds Nora's address: the answer is that of any new address,
  //    and she joins only by accepting the mailed invitation.
  await context.clearCookies();
  await login(page, baseUrl);
  const answer = await addAdmin(page, baseUrl, PRIMARY, {
    email: NEW_ADMIN.email,
    name: 'Nora (getypt)',
    role: 'helpdesk',
  });
  assert.equal(answer.name, 'Nora (getypt)');
  assert.equal(answer.invitationPending, true);
  assert.equal(answer.lastLoginAt, null);
  const join = await mail.waitFor(
    (m) => m.to.includes(NEW_ADMIN.email) && /beheer\/lidmaatschap\//.test(m.text),
  );
  assert.equal(join.subject, `${PRIMARY} nodigt je uit in Schoolloket`);
  await context.clearCookies();
  await page.goto(linkIn(join, 'lidmaatschap'));
  await page.locator('[data-test=join-form]').waitFor();
  await page.getByText(`${PRIMARY} wil je toevoegen als helpdeskmedewerker.`).waitFor();
  await shot('96-admin-join-invitation');
  await expectNoSeriousViolations(page, 'admin-join-invitation');
  await page.locator('[data-test=join-accept]').click();
  await page.locator('[data-test=join-done]').waitFor();
  await shot('97-admin-join-done');
  await expectNoSeriousViolations(page, 'admin-join-done');
  await login(page, baseUrl, { email: NEW_ADMIN.email, password: SECOND_PASSWORD });
  const nora = await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json();
  assert.deepEqual(nora.institutions.map((i) => i.name).sort(), [PRIMARY, SECONDARY].sort());
}
