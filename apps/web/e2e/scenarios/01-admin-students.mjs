// A school admin logs in, switches school, searches, filters, sorts, pages, selects and opens a
// student; the URL keeps the list's state across reload and "Terug naar overzicht".
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import {
  COL,
  SECONDARY,
  column,
  rowsLoaded,
  switchSchool,
  total,
  waitForTotal,
} from '../lib/admin.mjs';

const GROUP = '1e lj 3e gr Wetenschappen-wiskunde ASO';
const DUTCH_DATE =
  /^\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}$/;

/**
 * The order of the initials of names that start with A–Z. Full collation (where "Bäßler",
 * "Van Der Auwera" or "Öztürk" go) is the database's business and differs between PGlite and
 * PostgreSQL; what the screen must get right is asking for the order and showing it.
 */
function assertOrdered(names, direction, what) {
  const initials = names.map((n) => n[0].toUpperCase()).filter((c) => c >= 'A' && c <= 'Z');
  const expected = [...initials].sort();
  if (direction === 'desc') expected.reverse();
  assert.deepEqual(initials, expected, `${what} in ${direction} order: ${names.join(', ')}`);
}

export default async function ({ page, baseUrl, shot }) {
  // Not logged in: any admin URL leads to the login page.
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/login/);
  await page.getByRole('heading', { name: 'Aanmelden als schoolbeheerder' }).waitFor();
  await shot('01-login');
  await expectNoSeriousViolations(page, 'login');

  await page.getByLabel('E-mailadres').fill('demo@schoolloket.local');
  await page.getByLabel('Wachtwoord').fill('not-the-password');
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page
    .getByRole('alert')
    .filter({ hasText: 'E-mailadres of wachtwoord is niet juist.' })
    .waitFor();
  await expectNoSeriousViolations(page, 'login-failed');

  await page.getByLabel('Wachtwoord').fill('demo-schoolloket');
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL(/\/scholen\/[^/]+\/leerlingen/);
  await rowsLoaded(page);
  assert.equal(await page.locator('[data-test=user-name]').innerText(), 'Demo Admin');

  // "Wijzig instelling": the secondary school has 200 students.
  await switchSchool(page, SECONDARY);
  assert.equal(await waitForTotal(page, { eq: 200 }, 'all students'), 200);
  assert.equal((await column(page, COL.stamnummer)).length, 50, 'first page holds 50 rows');
  const statuses = new Set(await column(page, COL.status));
  assert.deepEqual([...statuses], ['Geen account'], 'no accounts yet in the demo data');
  assertOrdered(await column(page, COL.lastName), 'asc', 'Naam (default sort)');
  await page.locator('th[aria-sort=ascending]', { hasText: 'Naam' }).waitFor();
  await shot('02-students');
  await expectNoSeriousViolations(page, 'students-list');
  await shot('02-students-viewport', { fullPage: false });

  // Accent-insensitive search: "daniels" finds Daniëls.
  await page
    .getByPlaceholder('zoek op stamnummer, naam, voornaam of gebruikersnaam')
    .fill('daniels');
  await page.waitForURL(/[?&]q=daniels/);
  const hits = await waitForTotal(page, { min: 1, max: 20 }, 'search daniels');
  const names = await column(page, COL.lastName);
  assert.equal(names.length, hits);
  assert.ok(
    names.every((n) => n === 'Daniëls'),
    `search daniels gave ${names.join(', ')}`,
  );
  await shot('03-search-daniels');
  await expectNoSeriousViolations(page, 'students-search');

  // Filter by administrative group: the total is the count the option shows.
  await page.getByPlaceholder('zoek op stamnummer, naam, voornaam of gebruikersnaam').fill('');
  const option = await page.locator('[data-test=group] option', { hasText: GROUP }).innerText();
  const expected = Number(/\((\d+)\)/.exec(option)?.[1]);
  await page.getByLabel('Administratieve groep').selectOption(GROUP);
  await page.waitForURL(/groep=/);
  assert.ok(!page.url().includes('q='), 'the cleared search leaves the URL');
  assert.equal(await waitForTotal(page, { eq: expected }, 'group filter'), expected);
  assert.ok(
    (await column(page, COL.group)).every((g) => g === GROUP),
    'only that group',
  );

  // Sort by Voornaam, then the other way round.
  await page.locator('[data-test=sort-firstName]').click();
  await page.waitForURL(/sort=firstName/);
  await rowsLoaded(page);
  await page.locator('th[aria-sort=ascending]', { hasText: 'Voornaam' }).waitFor();
  assertOrdered(await column(page, COL.firstName), 'asc', 'Voornaam');
  await page.locator('[data-test=sort-firstName]').click();
  await page.waitForURL(/order=desc/);
  await rowsLoaded(page);
  await page.locator('th[aria-sort=descending]', { hasText: 'Voornaam' }).waitFor();
  const down = await column(page, COL.firstName);
  assertOrdered(down, 'desc', 'Voornaam');

  // Selection: the header checkbox selects the page; the count is shown.
  await page.locator('[data-test=select-all]').check();
  await page
    .locator('[data-test=selected-count]', { hasText: `${expected} geselecteerd` })
    .waitFor();
  await page.locator('[data-test=student-row] input[type=checkbox]').first().uncheck();
  await page
    .locator('[data-test=selected-count]', { hasText: `${expected - 1} geselecteerd` })
    .waitFor();
  assert.equal(
    await page.locator('[data-test=select-all]').evaluate((el) => el.indeterminate),
    true,
  );
  await shot('04-filter-group');
  await expectNoSeriousViolations(page, 'students-filtered-selected');

  // The URL carries the list's state: a reload shows the same filter and order.
  await page.reload();
  await rowsLoaded(page);
  // The group list arrives after the value: the select must still end up showing the filter.
  await page.waitForFunction(
    (group) => document.querySelector('[data-test=group]')?.value === group,
    GROUP,
  );
  await page.locator('th[aria-sort=descending]', { hasText: 'Voornaam' }).waitFor();
  assert.deepEqual(await column(page, COL.firstName), down);

  // Open a student by clicking the row.
  const [first] = down;
  const [lastName] = await column(page, COL.lastName);
  await page
    .locator('[data-test=student-row]')
    .first()
    .locator('td')
    .nth(COL.group - 1)
    .click();
  await page.waitForURL(/\/leerlingen\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: `${first} ${lastName}` }).waitFor();
  await page.getByRole('heading', { name: 'Inschrijvingsgegevens' }).waitFor();
  await page.getByRole('heading', { name: 'Officiële gegevens' }).waitFor();
  const props = await page
    .locator('dl.props')
    .first()
    .evaluate((dl) =>
      Object.fromEntries(
        [...dl.querySelectorAll('dt')].map((dt) => [
          dt.textContent.trim(),
          dt.nextElementSibling.textContent.trim(),
        ]),
      ),
    );
  assert.equal(props.Voornaam, first);
  assert.equal(props.Naam, lastName);
  assert.equal(props['Administratieve groep'], GROUP);
  assert.match(props.Stamnummer, /^\d+$/);
  const official = await page.locator('dl.props').nth(1).innerText();
  const birth = /Geboortedatum\s+(.+)/.exec(official)?.[1]?.trim() ?? '';
  assert.match(birth, DUTCH_DATE, `birth date "${birth}" is written out in Dutch`);
  const box = page.locator('[data-test=no-account]');
  await box.getByText('Nog geen account').waitFor();
  assert.match(await box.innerText(), /Deze leerling is ingeschreven tot \d{1,2} \w+ \d{4}/);
  await page.getByRole('heading', { name: 'Opmerking' }).waitFor();
  await shot('05-student-detail');
  await expectNoSeriousViolations(page, 'student-detail-no-account');

  // "Terug naar overzicht" returns to the same filter, order and page.
  await page.getByRole('link', { name: 'Terug naar overzicht' }).click();
  await page.waitForURL(/leerlingen\?.*groep=.*sort=firstName.*order=desc/);
  await rowsLoaded(page);
  assert.deepEqual(await column(page, COL.firstName), down);

  // Paging over the whole school.
  await page.locator('[data-test=clear-filters]').click();
  await waitForTotal(page, { eq: 200 }, 'filters cleared');
  await page.locator('[data-test=next-page]').click();
  await page.waitForURL(/page=2/);
  await rowsLoaded(page);
  await page.locator('[data-test=range]', { hasText: '51–100 van 200' }).waitFor();
  assert.equal((await column(page, COL.stamnummer)).length, 50);
  await page.goBack();
  await page.locator('[data-test=range]', { hasText: '1–50 van 200' }).waitFor();
  assert.equal(await total(page), 200);
}
