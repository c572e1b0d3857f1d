// The dashboard shell: tablet width, keyboard use, language switch (remembered), school
// remembered across reloads, logout.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { PRIMARY, login, rowsLoaded, switchSchool, waitForTotal } from '../lib/admin.mjs';

async function noHorizontalScroll(page, where) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: globalThis.innerWidth,
  }));
  assert.ok(scroll <= width, `${where}: the page scrolls sideways (${scroll} > ${width})`);
}

export default async function ({ page, context, baseUrl, shot }) {
  await login(page, baseUrl);
  await switchSchool(page, PRIMARY);
  await waitForTotal(page, { eq: 120 }, 'primary school');

  // The chosen school is remembered: "/" leads back to it after a reload.
  await page.goto(`${baseUrl}/`);
  await page.locator('[data-test=current-school]', { hasText: PRIMARY }).waitFor();

  // Keyboard: the skip link comes first, then the app; a row opens with Enter on its name.
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.activeElement?.textContent?.trim()),
    'Naar de inhoud',
  );

  // Tablet width.
  await page.evaluate(() => document.activeElement?.blur());
  await page.setViewportSize({ width: 800, height: 1100 });
  await rowsLoaded(page);
  await noHorizontalScroll(page, 'list at 800 px');
  await shot('20-tablet-students');
  await expectNoSeriousViolations(page, 'students-tablet');
  await shot('20-tablet-students-viewport', { fullPage: false });

  const link = page.locator('[data-test=student-row] .row-link').first();
  const name = (await link.innerText()).trim();
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/leerlingen\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${name} `) }).waitFor();
  await noHorizontalScroll(page, 'detail at 800 px');
  await shot('21-tablet-detail');
  await expectNoSeriousViolations(page, 'student-detail-tablet');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Language switch, remembered in localStorage across a reload.
  await page.getByRole('link', { name: 'Terug naar overzicht' }).click();
  await rowsLoaded(page);
  await page.getByLabel('Taal').selectOption('fr');
  await page.getByRole('heading', { name: 'Filtrer la liste des élèves' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Filtrer la liste des élèves' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  await page.getByText("Changer d'établissement").waitFor();
  await shot('22-students-fr');
  await expectNoSeriousViolations(page, 'students-list-fr');
  await page.getByLabel('Langue').selectOption('nl');
  await page.getByRole('heading', { name: 'Filter leerlingen lijst' }).waitFor();

  // The session ends behind the admin's back (timeout): the next call answers 401, the login
  // page says why, and logging in again returns to the same list.
  await context.clearCookies();
  await page.locator('[data-test=next-page]').click();
  await page.waitForURL(/\/login\?.*expired=1/);
  await page.getByRole('status').filter({ hasText: 'Je sessie is verlopen' }).waitFor();
  await shot('23-session-expired');
  await expectNoSeriousViolations(page, 'login-session-expired');
  await page.getByLabel('E-mailadres').fill('demo@schoolloket.local');
  await page.getByLabel('Wachtwoord').fill('demo-schoolloket');
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL(/\/leerlingen\?page=2$/);
  await page.locator('[data-test=range]', { hasText: '51–100 van 120' }).waitFor();

  // Logout ends the session: the dashboard asks for a login again.
  await page.locator('[data-test=logout]').click();
  await page.waitForURL(/\/login/);
  await page.goto(`${baseUrl}/scholen/x/leerlingen`);
  await page.waitForURL(/\/login/);
  await page.getByRole('heading', { name: 'Aanmelden als schoolbeheerder' }).waitFor();
}
