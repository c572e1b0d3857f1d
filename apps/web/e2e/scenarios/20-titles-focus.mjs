// Page titles and focus after navigation (WCAG 2.4.2, 2.4.3): every screen of the dashboard and
// the portal has a title of its own that names the screen (and the student or username that is
// open), in the chosen language; after moving to another screen focus is on its heading, not on
// the body; the first load, a filter change and a choice in the school switcher leave focus
// where it is.
// Writes one student (with an advanced account) in a group of its own in the primary school.
import assert from 'node:assert/strict';
import {
  PRIMARY,
  SECONDARY,
  createAdvancedAccount,
  createStudent,
  login,
  rowsLoaded,
  schoolId,
  switchSchool,
  waitForTotal,
} from '../lib/admin.mjs';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { focused } from '../lib/keyboard.mjs';

const GROUP = 'Titels en focus';
const NEW_PASSWORD = 'Titels-en-focus-2026';

/** Waits until focus is on the page's h1 (named `name` when given). */
async function expectHeadingFocused(page, what, name) {
  await page
    .waitForFunction(
      (name) => {
        const el = document.activeElement;
        return (
          el?.tagName === 'H1' &&
          el.closest('main') !== null &&
          el.getAttribute('tabindex') === '-1' &&
          (!name || el.textContent.trim() === name)
        );
      },
      name ?? null,
      { timeout: 5000 },
    )
    .catch(async () => assert.fail(`${what}: focus is on ${await focused(page)}, not the h1`));
}

export default async function ({ page, baseUrl, shot }) {
  const titles = new Map();
  async function title(route, expected) {
    await page
      .waitForFunction((t) => document.title === t, expected)
      .catch(async () => {
        assert.fail(`${route}: the title is "${await page.title()}", expected "${expected}"`);
      });
    for (const [other, seen] of titles)
      assert.notEqual(seen, expected, `${route} has the same title as ${other}`);
    titles.set(route, expected);
  }

  // 1. The admin login: first load, the e-mail field keeps the focus the page gives it.
  await page.goto(`${baseUrl}/login`);
  await title('login', 'Aanmelden als schoolbeheerder · Schoolloket');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-email');
  await page.locator('[data-test=login-forgot]').click();
  await page.waitForURL(/wachtwoord-vergeten/);
  await title('auth.forgot', 'Wachtwoord vergeten · Schoolloket');
  await page.goto(`${baseUrl}/beheer/wachtwoord/${'x'.repeat(43)}`);
  await title('auth.reset', 'Nieuw wachtwoord instellen · Schoolloket');
  await page.goto(`${baseUrl}/beheer/uitnodiging/${'x'.repeat(43)}`);
  await title('auth.invitation', 'Uitnodiging aanvaarden · Schoolloket');

  // 2. Logging in moves to the list: focus on its heading; the school is in the title.
  await login(page, baseUrl);
  await switchSchool(page, PRIMARY);
  await expectHeadingFocused(page, 'after logging in', 'Leerlingen');
  await title('students.list', `Leerlingen · ${PRIMARY} · Schoolloket`);
  const api = page.request;
  const iid = await schoolId(api, baseUrl);
  const student = await createStudent(api, baseUrl, iid, {
    stamnummer: 'TF2026001',
    firstName: 'Fien',
    lastName: 'Titeca',
    group: GROUP,
  });
  const account = await createAdvancedAccount(api, baseUrl, iid, student.id);

  // A filter is no new screen: focus stays in the search field while the list reloads.
  await page.locator('[data-test=search]').focus();
  await page.keyboard.type('Titeca');
  await waitForTotal(page, { eq: 1 }, 'search');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.test), 'search');
  assert.equal(await page.title(), `Leerlingen · ${PRIMARY} · Schoolloket`);

  // 3. A student: her name leads the title; focus on the heading with her name.
  await page.locator('[data-test=student-row] .row-link').click();
  await expectHeadingFocused(page, 'after opening a student', 'Fien Titeca');
  await title('students.detail', `Fien Titeca · Leerling · ${PRIMARY} · Schoolloket`);
  await shot('60-title-focus-student', { fullPage: false });
  await expectNoSeriousViolations(page, 'student-detail-heading-focused');
  await page.locator('[data-test=back]').click();
  await rowsLoaded(page);
  await expectHeadingFocused(page, 'back to the list', 'Leerlingen');
  assert.equal(await page.title(), `Leerlingen · ${PRIMARY} · Schoolloket`);

  // 4. The other screens of the main menu.
  const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
  await menu.getByRole('link', { name: 'Import' }).click();
  await expectHeadingFocused(page, 'import', 'Leerlingenlijst importeren');
  await title('imports.list', `Leerlingenlijst importeren · ${PRIMARY} · Schoolloket`);
  await menu.getByRole('link', { name: 'Co-accounts' }).click();
  await expectHeadingFocused(page, 'co-accounts');
  await title('coAccounts.overview', `Co-accounts per klas · ${PRIMARY} · Schoolloket`);
  await menu.getByRole('link', { name: 'Beheerders' }).click();
  await expectHeadingFocused(page, 'admins', 'Beheerders');
  await title('admins.list', `Beheerders · ${PRIMARY} · Schoolloket`);
  await menu.getByRole('link', { name: 'Instellingen' }).click();
  await expectHeadingFocused(page, 'settings', 'Instellingen van de school');
  await title('settings.school', `Instellingen van de school · ${PRIMARY} · Schoolloket`);
  await menu.getByRole('link', { name: 'API-sleutels' }).click();
  await expectHeadingFocused(page, 'API keys', 'API-sleutels');
  await title('settings.apiKeys', `API-sleutels · ${PRIMARY} · Schoolloket`);
  await menu.getByRole('link', { name: 'Leerlingen' }).click();
  await rowsLoaded(page);
  await expectHeadingFocused(page, 'students from the menu', 'Leerlingen');

  // The review of a bulk creation.
  await page.locator('[data-test=student-row] input[type=checkbox]').first().check();
  await page.locator('[data-test=bulk-create]').click();
  await page.waitForURL(/accounts\/nieuw/);
  await expectHeadingFocused(page, 'bulk review');
  await title('accounts.bulk', `Accounts aanmaken · ${PRIMARY} · Schoolloket`);
  await page.goBack();
  await rowsLoaded(page);

  // 5. The school switcher keeps focus (the arrow keys go on choosing); the title follows.
  await page.locator('[data-test=school-switcher]').focus();
  await page.locator('[data-test=school-switcher]').selectOption({ label: SECONDARY });
  await page.locator('[data-test=current-school]', { hasText: SECONDARY }).waitFor();
  await rowsLoaded(page);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.test), 'school-switcher');
  await page.waitForFunction(
    (t) => document.title === t,
    `Leerlingen · ${SECONDARY} · Schoolloket`,
  );

  // 6. The title speaks the chosen language.
  for (const [locale, expected] of [
    ['fr', `Élèves · ${SECONDARY} · Schoolloket`],
    ['en', `Students · ${SECONDARY} · Schoolloket`],
    ['nl', `Leerlingen · ${SECONDARY} · Schoolloket`],
  ]) {
    await page.locator('[data-test=locale]').selectOption(locale);
    await page.waitForFunction((t) => document.title === t, expected);
  }
  await page.locator('[data-test=logout]').click();
  await page.waitForURL(/\/login/);

  // 7. The portal: login, the personal link (its username in the title), the parents' page.
  await page.goto(`${baseUrl}/aanmelden`);
  await title('portal.login', 'Aanmelden · Schoolloket');
  await page.locator('[data-test=parent-link]').click();
  await expectHeadingFocused(page, 'parents page');
  await title(
    'portal.activationRequest',
    'Co-account activeren of wachtwoord vergeten · Schoolloket',
  );
  await page.goto(`${baseUrl}/co-account/activeren/${'x'.repeat(43)}`);
  await title('portal.activation', 'Co-account activeren · Schoolloket');
  await page.goto(`${baseUrl}/u/${account.username}`);
  await title('portal.personal', `${account.username} · Aanmelden · Schoolloket`);

  // Logging in (a route change after a form): focus on the new page's heading, not the body.
  await page.locator('[data-test=mode-password]').click();
  await page.getByLabel('Wachtwoord', { exact: true }).fill(account.password);
  await page.locator('[data-test=portal-login-submit]').click();
  await page.waitForURL(/\/portaal\/wachtwoord$/);
  await expectHeadingFocused(page, 'after the portal login', 'Kies je eigen wachtwoord');
  await title('portal.password', 'Wachtwoord wijzigen · Schoolloket');
  await page.getByLabel('Tijdelijk wachtwoord (van je kaart)').fill(account.password);
  await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(NEW_PASSWORD);
  await page.locator('[data-test=password-submit]').click();
  await page.waitForURL(/\/portaal\?gewijzigd=1$/);
  await expectHeadingFocused(page, 'portal home', 'Dag Fien!');
  await title('portal.home', 'Mijn account · Schoolloket');
  await shot('61-title-focus-portal-home', { fullPage: false });
  await expectNoSeriousViolations(page, 'portal-home-heading-focused');
  await page.locator('[data-test=portal-logout]').click();
  await page.locator('[data-test=logged-out]').waitFor();
  await expectHeadingFocused(page, 'after logging out', 'Aanmelden');
}
