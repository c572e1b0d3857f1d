// The portal on a tablet: a parent activates a co-account through the mailed link and logs in
// with the child's username; a young student logs in by clicking pictures; an advanced student
// is forced to choose an own password at the first login.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { enrolledStudents } from '../lib/admin.mjs';
import { json } from '../lib/wait.mjs';

const DEMO = { email: 'demo@schoolloket.local', password: 'demo-schoolloket' };

/** Students of a group without an account whose enrolment has not ended. */
async function freshStudents(api, baseUrl, iid, group, n) {
  const usable = (await enrolledStudents(api, baseUrl, iid, { group, type: 'none' })).filter(
    (s) => s.parentEmails.length > 0,
  );
  assert.ok(usable.length >= n, `need ${n} students in ${group}`);
  return usable.slice(0, n);
}

export default async function ({ page, context, baseUrl, shot, mail }) {
  await page.setViewportSize({ width: 820, height: 1180 }); // a tablet in portrait

  // Setup through the API as the demo admin: accounts with known secrets.
  const api = context.request;
  const me = await json(
    await api.post(`${baseUrl}/api/v1/auth/login`, { data: DEMO }),
    'admin login',
  );
  const school = (name) => me.institutions.find((i) => i.name.startsWith(name)).institutionId;
  const college = school('Sint-Pieterscollege');
  const primary = school('Basisschool De Regenboog');
  const grid = (await json(await api.get(`${baseUrl}/api/v1/pictures`), 'pictures')).map(
    (p) => p.id,
  );
  assert.equal(grid.length, 16);
  const pictures = [grid[2], grid[5], grid[2], grid[9], grid[14]];

  const [parentChild, teen] = await freshStudents(
    api,
    baseUrl,
    college,
    '2e lj 2e gr Wetenschappen ASO',
    2,
  );
  const [kid] = await freshStudents(api, baseUrl, primary, '3de leerjaar', 1);
  const made = await json(
    await api.post(`${baseUrl}/api/v1/institutions/${college}/accounts`, {
      data: {
        items: [
          { studentId: parentChild.id, type: 'advanced' },
          { studentId: teen.id, type: 'advanced' },
        ],
      },
    }),
    'college accounts',
  );
  const [childAccount, teenAccount] = made.items;
  const kidAccount = (
    await json(
      await api.post(`${baseUrl}/api/v1/institutions/${primary}/accounts`, {
        data: { items: [{ studentId: kid.id, type: 'basic', passwordKind: 'picture', pictures }] },
      }),
      'primary account',
    )
  ).items[0];
  await api.post(`${baseUrl}/api/v1/auth/logout`);
  const parentEmail = parentChild.parentEmails[0];

  // 1. The parent asks for the activation link (Smartschool's steps 1–3).
  await page.goto(`${baseUrl}/co-account/activeren?school=${college}`);
  await page.getByText('helpdesk@sintpieters.example.be').waitFor();
  await shot('40-portal-activation-request');
  await expectNoSeriousViolations(page, 'portal-activation-request');
  // The same page in French and English (the steps carry a literal "@").
  for (const [locale, heading] of [
    ['fr', 'Activer votre co-compte'],
    ['en', 'Activate your co-account'],
  ]) {
    await page.locator('[data-test=locale]').selectOption(locale);
    await page.getByRole('heading', { name: heading }).waitFor();
    await shot(`40-portal-activation-request-${locale}`);
    await expectNoSeriousViolations(page, `portal-activation-request-${locale}`);
  }
  await page.locator('[data-test=locale]').selectOption('nl');
  await page
    .getByLabel('Gebruikersnaam van je kind')
    .fill(`${childAccount.username}@sintpieters.be`);
  await page.getByLabel('Je e-mailadres').fill(parentEmail.toUpperCase());
  await page.locator('[data-test=activation-send]').click();
  await page.locator('[data-test=activation-sent]').waitFor();
  await shot('41-portal-activation-requested');
  await expectNoSeriousViolations(page, 'portal-activation-requested');

  // 2. The mail arrives at the registered address with a link on PUBLIC_BASE_URL.
  const activation = await mail.waitFor(
    (m) => m.to.includes(parentEmail) && /co-account\/activeren\//.test(m.text),
  );
  assert.match(activation.subject, /Activeer je co-account/);
  const link = /(http\S+\/co-account\/activeren\/[A-Za-z0-9_-]{43})/.exec(activation.text)?.[1];
  assert.ok(link?.startsWith(baseUrl), `link ${link}`);

  // 3. Agreement and password; the child's first name is shown.
  await page.goto(link);
  await page.locator('[data-test=activation-form]').waitFor();
  assert.match(
    await page.locator('[data-test=activation-child]').textContent(),
    new RegExp(parentChild.firstName),
  );
  await page.locator('[data-test=agreement]').waitFor();
  await shot('42-portal-activation-form');
  await expectNoSeriousViolations(page, 'portal-activation-form');
  await page
    .getByLabel('Nieuw wachtwoord', { exact: true })
    .fill(`${parentChild.firstName}-papa-2024`);
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(`${parentChild.firstName}-papa-2024`);
  await page.locator('[data-test=activation-submit]').click();
  await page.getByText('Aanvaard de gebruikersovereenkomst om verder te gaan.').waitFor();
  await page.locator('[data-test=accept-agreement]').check();
  await page.locator('[data-test=activation-submit]').click();
  await page.locator('[data-test=activation-errors]', { hasText: 'naam van het kind' }).waitFor();
  await shot('43-portal-activation-weak-password');
  await expectNoSeriousViolations(page, 'portal-activation-errors');
  const parentPassword = 'Zonnige-Tuin-Bank-73';
  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(parentPassword);
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(parentPassword);
  await page.locator('[data-test=activation-submit]').click();
  await page.locator('[data-test=activation-done]').waitFor();
  assert.match(
    await page.locator('[data-test=activation-done]').textContent(),
    new RegExp(childAccount.username),
  );
  await shot('44-portal-activation-done');
  await expectNoSeriousViolations(page, 'portal-activation-done');
  await mail.waitFor((m) => m.to.includes(parentEmail) && /co-account is actief/.test(m.subject));
  // No automatic login: the portal still asks who you are.
  assert.equal((await api.get(`${baseUrl}/api/v1/portal/me`)).status(), 401);

  // 4. Log in with the child's username and the own password.
  await page.locator('[data-test=to-login]').click();
  await page.waitForURL(/\/aanmelden/);
  assert.equal(await page.getByLabel('Gebruikersnaam').inputValue(), childAccount.username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(parentPassword);
  await page.locator('[data-test=portal-login-submit]').click();
  await page.waitForURL(/\/portaal$/);
  assert.match(
    await page.locator('[data-test=portal-who]').textContent(),
    new RegExp(`ouder van ${parentChild.firstName}`),
  );
  await shot('45-portal-parent-home');
  await expectNoSeriousViolations(page, 'portal-parent-home');
  await page.locator('[data-test=portal-logout]').click();
  await page.locator('[data-test=logged-out]').waitFor();
  await shot('46-portal-logged-out');
  await expectNoSeriousViolations(page, 'portal-logged-out');

  // 5. A young student: the personal URL from the card, pictures in order, with one undo.
  await page.goto(`${baseUrl}/u/${kidAccount.username}`);
  assert.equal(
    (await page.locator('[data-test=personal-username]').textContent()).trim(),
    kidAccount.username,
  );
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll('[data-test=picture-grid] img')];
    return imgs.length === 16 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  });
  await shot('47-portal-picture-grid');
  await expectNoSeriousViolations(page, 'portal-picture-login');
  const pick = (id) =>
    page.locator(`[data-test=picture-grid] button[data-picture="${id}"]`).click();
  for (const id of pictures.slice(0, 3)) await pick(id);
  await pick(grid[0]); // a mistake …
  await page.locator('[data-test=undo]').click(); // … undone
  for (const id of pictures.slice(3)) await pick(id);
  assert.equal(await page.locator('[data-test=picked] img').count(), 5);
  await shot('48-portal-pictures-picked');
  await expectNoSeriousViolations(page, 'portal-pictures-picked');
  await page.locator('[data-test=portal-login-submit]').click();
  await page.waitForURL(/\/portaal$/);
  await page.getByText(`Dag ${kid.firstName}!`).waitFor();
  await shot('49-portal-student-home');
  await expectNoSeriousViolations(page, 'portal-student-home');
  await page.locator('[data-test=portal-logout]').click();
  await page.locator('[data-test=logged-out]').waitFor();

  // 6. An advanced student is sent to "Kies je eigen wachtwoord" and cannot go elsewhere first.
  await page.getByLabel('Gebruikersnaam').fill(teenAccount.username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(teenAccount.password);
  await page.locator('[data-test=portal-login-submit]').click();
  await page.waitForURL(/\/portaal\/wachtwoord$/);
  await page.goto(`${baseUrl}/portaal`);
  await page.waitForURL(/\/portaal\/wachtwoord$/);
  await page.getByText('Kies je eigen wachtwoord').waitFor();
  await shot('50-portal-forced-change');
  await expectNoSeriousViolations(page, 'portal-forced-change');
  await page.getByLabel('Tijdelijk wachtwoord (van je kaart)').fill(teenAccount.password);
  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('password1');
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill('password1');
  await page.locator('[data-test=password-submit]').click();
  await page.locator('[data-test=password-errors]').waitFor();
  await shot('51-portal-forced-change-refused');
  await expectNoSeriousViolations(page, 'portal-forced-change-errors');
  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Mijn fiets is blauw 42');
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill('Mijn fiets is blauw 42');
  await page.locator('[data-test=password-submit]').click();
  await page.waitForURL(/\/portaal\?gewijzigd=1$/);
  await page.locator('[data-test=password-changed]').waitFor();
  await shot('52-portal-advanced-home');
  await expectNoSeriousViolations(page, 'portal-advanced-home');
  await page.locator('[data-test=portal-logout]').click();
  await page.locator('[data-test=logged-out]').waitFor();

  // The screens that only say something went wrong: a wrong password, a used or broken link.
  await page.getByLabel('Gebruikersnaam').fill(teenAccount.username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill('not-my-password');
  await page.locator('[data-test=portal-login-submit]').click();
  await page.locator('[data-test=portal-login-error]').waitFor();
  await expectNoSeriousViolations(page, 'portal-login-failed');
  await page.goto(link);
  await page.locator('[data-test=activation-invalid]').waitFor();
  await shot('53-portal-activation-link-used');
  await expectNoSeriousViolations(page, 'portal-activation-invalid');
}
