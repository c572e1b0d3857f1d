// Zoom and reflow (WCAG 1.4.4, 1.4.10, 2.4.11): at 320 CSS px (400 % of 1280) no screen of the
// dashboard or the portal scrolls sideways, with the longest names, groups, usernames and
// e-mail addresses the API accepts in practice (created here through the API); with the text
// at 200 % the list's filters and the portal login stay inside the viewport; at 640×450 (200 %
// of 1280×900) and at 320×640 no element that gets focus while tabbing through the student list
// is covered by the sticky action bar.
// Writes to the primary school: a group of its own, one admin, and the helpdesk address (put
// back at the end).
import assert from 'node:assert/strict';
import {
  DEMO_ADMIN,
  PRIMARY,
  createAdvancedAccount,
  createStudent,
  login,
  rowsLoaded,
  schoolId,
  switchSchool,
  waitForTotal,
} from '../lib/admin.mjs';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { json } from '../lib/wait.mjs';
import { expectClearOfStickyBars, focusMatches } from '../lib/keyboard.mjs';
import { expectNoHorizontalScroll, setTextSize } from '../lib/layout.mjs';

const GROUP = 'Zesde leerjaar Zonnebloemen (klas van meester Vandenbroucke)';
const LONG = {
  first: 'Maximiliaan-Alexander-Constantijn',
  last: "Vandenbroucke-Vanderstraeten de Ghellinck d'Elseghem",
  parent:
    'maximiliaan-alexander.vandenbroucke-vanderstraeten@ouders-basisschool-regenboog.example.be',
  own: 'maximiliaan.alexander.constantijn.vandenbroucke@leerlingen-basisschool-regenboog.example.be',
};
const ADMIN = {
  name: "Anne-Sophie Vandermeersch-Wauters de Kerchove d'Exaerde",
  email: 'anne-sophie.vandermeersch-wauters.secretariaat@basisschool-de-regenboog.example.be',
};
const HELPDESK =
  'helpdesk.leerlingenadministratie.secretariaat@basisschool-de-regenboog.example.be';
const NEW_PASSWORD = 'Zonnebloemen-in-de-klas-2026';

export default async function ({ page, baseUrl, shot }) {
  const problems = [];
  /** Checks the screen at the current size; collects failures so one run shows them all. */
  async function check(label) {
    await shot(`reflow-${label}`, { fullPage: false });
    try {
      await expectNoHorizontalScroll(page, label);
    } catch (e) {
      problems.push(e.message);
    }
  }

  // Setup through the API as the demo admin (the page's own session).
  await login(page, baseUrl);
  const api = page.request;
  const iid = await schoolId(api, baseUrl);
  const school = await json(await api.get(`${baseUrl}/api/v1/institutions/${iid}`), 'school');
  const students = [];
  for (const [n, suffix] of [
    [1, ''],
    [2, '-Benedictus'],
  ]) {
    students.push(
      await createStudent(
        api,
        baseUrl,
        iid,
        {
          stamnummer: `RF2026/000000000${n}`,
          firstName: `${LONG.first}${suffix}`,
          lastName: LONG.last,
          group: GROUP,
          officialFirstName: `${LONG.first}${suffix} Hieronymus Bartholomeus`,
          officialLastName: LONG.last,
          parentEmails: [LONG.parent, `tweede.${LONG.parent}`],
        },
        `student ${n}`,
      ),
    );
  }
  const [withAccount, withoutAccount] = students;
  const account = await createAdvancedAccount(api, baseUrl, iid, withAccount.id);
  await json(
    await api.post(`${baseUrl}/api/v1/institutions/${iid}/admins`, {
      data: { email: ADMIN.email, name: ADMIN.name, role: 'helpdesk' },
    }),
    'admin',
  );
  await json(
    await api.patch(`${baseUrl}/api/v1/institutions/${iid}`, { data: { helpdeskEmail: HELPDESK } }),
    'helpdesk address',
  );

  try {
    // 1. Tab through the whole student list (50 rows, two selected) to the action bar: no stop
    // is covered by the sticky bar, at 200 % zoom of a laptop and on a 320 px phone.
    await switchSchool(page, PRIMARY);
    for (const [width, height, text] of [
      [640, 450, 100],
      [320, 640, 100],
      [1280, 800, 200],
    ]) {
      await page.setViewportSize({ width, height });
      await page.goto(`${baseUrl}/scholen/${iid}/leerlingen`);
      await rowsLoaded(page);
      await setTextSize(page, text);
      const boxes = page.locator('[data-test=student-row] input[type=checkbox]');
      await boxes.nth(3).check();
      await boxes.nth(40).check();
      await page.locator('[data-test=selected-count]', { hasText: '2 geselecteerd' }).waitFor();
      await page.locator('[data-test=search]').focus();
      let stops = 0;
      while (!(await focusMatches(page, '[data-test=bulk-create]'))) {
        assert.ok(stops < 200, `${width}×${height}: the action bar was not reached`);
        await page.keyboard.press('Tab');
        stops++;
        await expectClearOfStickyBars(page, `${width}×${height}, Tab stop ${stops}`);
        if (stops === 60)
          await shot(`zoom-${width}x${height}-text-${text}-tab-60`, { fullPage: false });
      }
      assert.ok(stops > 100, `${width}×${height}: only ${stops} Tab stops`);
      // A sticky bar takes at most a third of the screen; a taller one stays at the end.
      const bar = await page.locator('.actionbar').evaluate((el) => ({
        height: el.offsetHeight,
        position: globalThis.getComputedStyle(el).position,
      }));
      await shot(`zoom-${width}x${height}-text-${text}-action-bar`, { fullPage: false });
      assert.ok(
        bar.position === 'static' || bar.height <= height / 3,
        `${width}×${height}, text ${text} %: a sticky bar of ${bar.height} px`,
      );
      await setTextSize(page, 100);
    }

    // 2. The dashboard at 320 × 640.
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${baseUrl}/scholen/${iid}/leerlingen`);
    await rowsLoaded(page);
    await check('320-students');
    await page.goto(`${baseUrl}/scholen/${iid}/leerlingen?groep=${encodeURIComponent(GROUP)}`);
    await waitForTotal(page, { eq: 2 }, GROUP);
    await page.locator('[data-test=student-row] input[type=checkbox]').first().check();
    await check('320-students-group-selected');
    // The list itself fits too: no sideways scroll in its own frame, and every row's name,
    // status and account type are on screen (it scrolled ~300 px on a phone, found by an outside
    // test). Still a table with its column headers for a screen reader.
    const list = await page.locator('.table-wrap').evaluate((wrap) => {
      const inside = (el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.left >= 0 && box.right <= globalThis.innerWidth + 0.5;
      };
      const rows = [...wrap.querySelectorAll('[data-test=student-row]')];
      return {
        scrolls: wrap.scrollWidth > wrap.clientWidth + 1,
        rows: rows.length,
        shown: rows.filter((r) =>
          ['.col-lastName', '.col-status .badge', '[data-test=type-inline]']
            .map((s) => r.querySelector(s))
            .every((el) => el && inside(el)),
        ).length,
      };
    });
    assert.deepEqual(list, { scrolls: false, rows: 2, shown: 1 }, '320: the student list');
    const headers = await page.getByRole('columnheader').count();
    assert.equal(headers, 7, '320: the list keeps its column headers');
    // Every header has its cell (the account type's too, read out there, not with the status).
    const cells = await page.locator('[data-test=student-row]').first().getByRole('cell').count();
    assert.equal(cells, 7, '320: a card keeps its seven cells for a screen reader');
    await page.goto(`${baseUrl}/scholen/${iid}/leerlingen/${withAccount.id}`);
    await page.locator('[data-test=student-name]').waitFor();
    await check('320-student-detail');
    await page.locator('[data-test=tab-history]').click();
    await page.locator('[data-test=history]').waitFor();
    await check('320-student-history');
    await page.goto(`${baseUrl}/scholen/${iid}/leerlingen/${withoutAccount.id}`);
    await page.locator('[data-test=create-account]').click();
    await page.getByRole('dialog').waitFor();
    await check('320-create-account-dialog');
    await page.keyboard.press('Escape');
    await page.evaluate(
      (ids) =>
        globalThis.sessionStorage.setItem('bulk-selection', JSON.stringify({ studentIds: ids })),
      [withoutAccount.id],
    );
    await page.goto(`${baseUrl}/scholen/${iid}/accounts/nieuw`);
    await page.locator('[data-test=bulk-table] tbody tr').first().waitFor();
    await check('320-bulk-review');
    await page.goto(`${baseUrl}/scholen/${iid}/import`);
    await page.locator('[data-test=dropzone]').waitFor();
    await check('320-imports');
    await page.goto(`${baseUrl}/scholen/${iid}/beheerders`);
    await page.locator('[data-test=admin-row]', { hasText: ADMIN.email }).waitFor();
    await check('320-admins');

    // 3. The list's filters with the text at 200 % on a desktop screen.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${baseUrl}/scholen/${iid}/leerlingen`);
    await rowsLoaded(page);
    await setTextSize(page, 200);
    await check('1280-students-text-200');
    await page.setViewportSize({ width: 640, height: 450 });
    await check('640-students-text-200');
    await setTextSize(page, 100);

    // 4. The admin's public pages, logged out.
    await page.setViewportSize({ width: 320, height: 640 });
    await page.locator('[data-test=logout]').click();
    await page.waitForURL(/\/login/);
    await check('320-admin-login');
    await page.goto(`${baseUrl}/beheer/wachtwoord-vergeten`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await check('320-admin-forgot-password');

    // 5. The portal at 320 × 640: login, personal link, activation request with the helpdesk.
    await page.goto(`${baseUrl}/aanmelden`);
    await page.locator('[data-test=portal-login]').waitFor();
    await check('320-portal-login');
    await page.locator('[data-test=mode-pictures]').click();
    await page.locator('[data-test=picture-grid] button').nth(15).waitFor();
    await check('320-portal-login-pictures');
    // Choosing a picture and taking one back are both read out (the status region).
    const said = page.locator('[data-test=picture-announcement]');
    assert.equal(await said.getAttribute('role'), 'status');
    const tiles = page.locator('[data-test=picture-grid] button');
    const names = await tiles.evaluateAll((b) => b.slice(0, 2).map((x) => x.title));
    const heard = (text) =>
      page.waitForFunction(
        (t) => document.querySelector('[data-test=picture-announcement]')?.textContent.trim() === t,
        text,
      );
    await tiles.nth(0).click();
    await heard(`${names[0]} gekozen, 1 prentje`);
    await tiles.nth(1).click();
    await heard(`${names[1]} gekozen, 2 prentjes`);
    await page.locator('[data-test=undo]').click();
    await heard(`${names[1]} weggehaald, nog 1 prentje`);
    await page.locator('[data-test=undo]').click();
    await heard(`${names[0]} weggehaald, nog 0 prentjes`);
    await page.goto(`${baseUrl}/u/${account.username}`);
    await page.locator('[data-test=picture-grid] button').nth(15).waitFor();
    await check('320-portal-personal');
    await page.goto(`${baseUrl}/co-account/activeren?school=${iid}`);
    await page.getByText(HELPDESK).waitFor();
    await check('320-portal-activation-request');
    // A phone with the text at 200 %.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${baseUrl}/aanmelden`);
    await page.locator('[data-test=portal-login]').waitFor();
    await setTextSize(page, 200);
    await check('390-portal-login-text-200');
    await page.locator('[data-test=mode-pictures]').click();
    await page.locator('[data-test=picture-grid] button').nth(15).waitFor();
    await check('390-portal-login-pictures-text-200');
    await page.locator('[data-test=mode-password]').click();
    await setTextSize(page, 100);
    await page.setViewportSize({ width: 320, height: 640 });

    // The student with the long name logs in, chooses a password and adds a long e-mail.
    await page.getByLabel('Gebruikersnaam').fill(account.username);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(account.password);
    await page.locator('[data-test=portal-login-submit]').click();
    await page.waitForURL(/\/portaal\/wachtwoord$/);
    await check('320-portal-forced-change');
    await page.getByLabel('Tijdelijk wachtwoord (van je kaart)').fill(account.password);
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(NEW_PASSWORD);
    await page.locator('[data-test=password-submit]').click();
    await page.waitForURL(/\/portaal\?gewijzigd=1$/);
    await page.locator('[data-test=edit-email]').click();
    await page.locator('#portal-new-email').fill(LONG.own);
    await page.locator('#portal-new-email').press('Enter');
    await page.locator('[data-test=portal-email]', { hasText: LONG.own }).waitFor();
    await check('320-portal-home');
    await expectNoSeriousViolations(page, 'reflow-320-portal-home');
  } finally {
    // Put the school's helpdesk address back for whoever comes next.
    const admin = await page.context().request.post(`${baseUrl}/api/v1/auth/login`, {
      data: DEMO_ADMIN,
    });
    if (admin.ok())
      await page.context().request.patch(`${baseUrl}/api/v1/institutions/${iid}`, {
        data: { helpdeskEmail: school.helpdeskEmail },
      });
  }
  assert.equal(problems.length, 0, `horizontal scrolling:\n${problems.join('\n')}`);
}
