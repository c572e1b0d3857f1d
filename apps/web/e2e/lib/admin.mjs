// Helpers shared by the admin scenarios. Selectors use data-test attributes or visible Dutch
// labels (the default locale), never CSS classes.
import assert from 'node:assert/strict';
import { json } from './wait.mjs';

export const DEMO_ADMIN = { email: 'demo@schoolloket.local', password: 'demo-schoolloket' };
export const PLATFORM_ADMIN = {
  email: 'platform@schoolloket.local',
  password: 'platform-schoolloket-e2e',
};
export const SECONDARY = 'Sint-Pieterscollege Gent (demo)';
export const PRIMARY = 'Basisschool De Regenboog (demo)';

/** Logs in through the form and waits for the student list of the current school. */
export async function login(page, baseUrl, { email, password } = DEMO_ADMIN) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL(/\/scholen\/[^/]+\/leerlingen/);
  await rowsLoaded(page);
}

/**
 * Logs in through the API (for arranging data: `api` keeps the session cookie) and returns the
 * id of the school named `school`.
 */
export async function loginApi(api, baseUrl, school = PRIMARY, { email, password } = DEMO_ADMIN) {
  const me = await json(
    await api.post(`${baseUrl}/api/v1/auth/login`, { data: { email, password } }),
    'admin login',
  );
  return institutionId(me, school);
}

/** The id of the school named `school`, for the admin whose session `api` carries. */
export async function schoolId(api, baseUrl, school = PRIMARY) {
  return institutionId(await json(await api.get(`${baseUrl}/api/v1/auth/me`), 'me'), school);
}

/** The school's id among the schools of a login's or /auth/me's answer. */
function institutionId(me, school) {
  const found = me.institutions.find((i) => i.name === school);
  assert.ok(found, `the admin is not in ${school}`);
  return found.institutionId;
}

/** Adds a student through the API (`data` as the API takes it); returns the created student. */
export async function createStudent(api, baseUrl, iid, data, what = `student ${data.firstName}`) {
  return json(await api.post(`${baseUrl}/api/v1/institutions/${iid}/students`, { data }), what);
}

/**
 * The students the API lists for `params` (at most 100, unless `params` says otherwise) whose
 * enrolment has not ended.
 */
export async function enrolledStudents(api, baseUrl, iid, params) {
  const list = await json(
    await api.get(`${baseUrl}/api/v1/institutions/${iid}/students`, {
      params: { pageSize: 100, ...params },
    }),
    'students',
  );
  const today = new Date().toISOString().slice(0, 10);
  return list.items.filter((s) => !s.enrolledUntil || s.enrolledUntil >= today);
}

/** Creates accounts through the API (items as the API takes them); returns the created ones. */
export async function createAccounts(api, baseUrl, iid, items, what = 'accounts') {
  const made = await json(
    await api.post(`${baseUrl}/api/v1/institutions/${iid}/accounts`, { data: { items } }),
    what,
  );
  return made.items;
}

/** One advanced account (temporary password) for a student, through the API. */
export async function createAdvancedAccount(api, baseUrl, iid, studentId, what = 'account') {
  const [account] = await createAccounts(
    api,
    baseUrl,
    iid,
    [{ studentId, type: 'advanced' }],
    what,
  );
  return account;
}

/** The dashboard's main menu. */
export const menu = (page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

/** Opens a screen from the main menu and waits for its heading (the link's text unless given). */
export async function openFromMenu(page, link, heading = link) {
  await menu(page).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Chooses a school in the header's "Wijzig instelling" switcher. */
export async function switchSchool(page, name) {
  const before = page.url();
  await page.locator('[data-test=school-switcher]').selectOption({ label: name });
  if ((await page.locator('[data-test=current-school]').textContent())?.trim() !== name)
    await page.waitForURL((url) => url.href !== before);
  await page.locator('[data-test=current-school]', { hasText: name }).waitFor();
  await rowsLoaded(page);
}

/** Waits until the list is not loading any more. */
export async function rowsLoaded(page) {
  await page.locator('.table-wrap[aria-busy=false]').waitFor();
}

/** The number after "Totaal aantal rijen:". */
export async function total(page) {
  const text = (await page.locator('[data-test=total]').textContent()) ?? '';
  const m = /(\d+)/.exec(text);
  assert.ok(m, `no total in "${text}"`);
  return Number(m[1]);
}

/**
 * Waits until the list is idle and "Totaal aantal rijen: n" satisfies `{ eq }` or
 * `{ min, max }` (after a filter, a search or a school change); returns n.
 */
export async function waitForTotal(page, { eq, min = -Infinity, max = Infinity }, what = 'total') {
  await page
    .waitForFunction(
      ([eq, min, max]) => {
        const text = document.querySelector('[data-test=total]')?.textContent ?? '';
        const busy = document.querySelector('.table-wrap')?.getAttribute('aria-busy') === 'true';
        const m = /(\d+)/.exec(text);
        if (busy || !m) return false;
        const n = Number(m[1]);
        return eq === null ? n >= min && n <= max : n === eq;
      },
      [eq ?? null, min, max],
    )
    .catch((err) => {
      throw new Error(`${what}: ${err.message.split('\n')[0]}`);
    });
  return total(page);
}

/** Text of one column (1-based, the checkbox is column 1) for every row on the page. */
export function column(page, n) {
  return page.locator(`[data-test=student-row] td:nth-child(${n})`).allInnerTexts();
}

export const COL = { stamnummer: 2, firstName: 3, lastName: 4, group: 5, status: 6, type: 7 };
