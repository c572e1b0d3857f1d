// Keyboard only, as an admin who cannot use a mouse: log in, switch school, search and filter the
// student list, open a student (tabs, the creation dialog: focus trapped, Escape closes, focus
// back on its button), select three students and create their accounts in bulk, then download
// the ZIP; one of them then logs in on the portal by choosing pictures. No clicks, no fill():
// Tab, Shift+Tab, arrows, Enter, Space, Escape and typing.
// Writes to the primary school's "5de leerjaar" only (no other scenario touches that group).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COL,
  DEMO_ADMIN,
  PRIMARY,
  SECONDARY,
  column,
  rowsLoaded,
  waitForTotal,
} from '../lib/admin.mjs';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { expectFocus, expectFocusVisible, focused, tabTo } from '../lib/keyboard.mjs';

const GROUP = '5de leerjaar';
const SELECTED = 3;

async function selectedCount(page, n) {
  await page.locator('[data-test=selected-count]', { hasText: `${n} geselecteerd` }).waitFor();
}

/** Focus stays inside the open dialog however often Tab or Shift+Tab is pressed. */
async function expectFocusTrapped(page, presses) {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press(key);
      const inside = await page.evaluate(
        () => !!document.activeElement?.closest('[role=dialog][aria-modal=true]'),
      );
      assert.ok(inside, `${key} × ${i + 1} left the dialog: focus on ${await focused(page)}`);
    }
  }
}

export default async function ({ page, baseUrl, artifacts, shot }) {
  // 1. Login: the e-mail field has focus, the language switch is before it.
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('heading', { name: 'Aanmelden als schoolbeheerder' }).waitFor();
  await expectFocus(page, '#login-email', 'focus on load');
  await page.keyboard.press('Shift+Tab');
  await expectFocus(page, '[data-test=locale]', 'Shift+Tab from the e-mail field');
  await expectFocusVisible(page, 'language switch');
  await page.keyboard.press('Tab');
  await expectFocusVisible(page, 'e-mail field');
  await page.keyboard.type(DEMO_ADMIN.email);
  await page.keyboard.press('Tab');
  await expectFocus(page, '#login-password');
  await page.keyboard.type(DEMO_ADMIN.password);
  await page.keyboard.press('Tab');
  await expectFocus(page, '[data-test=login-submit]');
  await expectFocusVisible(page, 'login button');
  await shot('70-keyboard-login', { fullPage: false });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/scholen\/[^/]+\/leerlingen/);
  await rowsLoaded(page);

  // 2. After logging in, focus is on the list's heading. The school switcher is a native select:
  // typing picks a school, and focus stays on it, so the arrow keys can go on choosing.
  await expectFocus(page, 'main h1', 'after logging in: the heading of the new page');
  await tabTo(page, '[data-test=school-switcher]', { back: true });
  await expectFocusVisible(page, 'school switcher');
  for (const [name, keys] of [
    [SECONDARY, 'Sint'],
    [PRIMARY, 'ArrowUp'],
  ]) {
    const before = page.url();
    if (keys.startsWith('Arrow')) await page.keyboard.press(keys);
    else await page.keyboard.type(keys);
    await page.waitForURL((url) => url.href !== before);
    await page.locator('[data-test=current-school]', { hasText: name }).waitFor();
    await waitForTotal(page, { min: 1 }, name);
    await expectFocus(page, '[data-test=school-switcher]', `after choosing ${name}`);
  }
  // The skip link is the first stop of the page.
  await tabTo(page, 'a.skip', { back: true });
  await expectFocusVisible(page, 'skip link');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'body', 'nothing before the skip link');
  await page.keyboard.press('Tab');
  await expectFocus(page, 'a.skip', 'first Tab stop');
  await page.keyboard.press('Enter');
  await expectFocus(page, 'main', 'after the skip link');

  // 3. Search field and group filter.
  await page.keyboard.press('Tab');
  await expectFocus(page, '[data-test=search]', 'first field of the content');
  await expectFocusVisible(page, 'search field');
  await tabTo(page, '[data-test=group]');
  await expectFocusVisible(page, 'group filter');
  await page.keyboard.type(GROUP.slice(0, 3));
  await page.waitForURL(/groep=5de/);
  const inGroup = await waitForTotal(page, { min: 10, max: 20 }, GROUP);
  assert.ok((await column(page, COL.group)).every((g) => g === GROUP));
  await expectFocus(page, '[data-test=group]', 'a filter keeps focus while the list reloads');
  await shot('71-keyboard-filter', { fullPage: false });

  // Typing in the search narrows the group's list to one family name.
  const [lastName] = await column(page, COL.lastName);
  await tabTo(page, '[data-test=search]', { back: true, max: 1 });
  await page.keyboard.type(lastName);
  await page.waitForURL(/[?&]q=/);
  await expectFocus(page, '[data-test=search]', 'typing keeps focus in the search field');
  const hits = await waitForTotal(page, { min: 1, max: inGroup - 1 }, `search ${lastName}`);
  assert.ok((await column(page, COL.lastName)).every((n) => n === lastName));

  // 4. Open the first hit with Enter on its name.
  await tabTo(page, '[data-test=student-row] .row-link');
  await expectFocusVisible(page, 'student name link');
  const firstName = (await focused(page)).split('"')[1];
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/leerlingen\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: `${firstName} ${lastName}` }).waitFor();
  await expectFocus(page, 'main h1[data-test=student-name]', 'after opening a student');

  // Tabs: one Tab stop, the arrow keys switch between them.
  await tabTo(page, '[role=tab][aria-selected=true]');
  await expectFocus(page, '[data-test=tab-data]');
  await expectFocusVisible(page, 'selected tab');
  await page.keyboard.press('ArrowRight');
  await expectFocus(page, '[data-test=tab-history][aria-selected=true]', 'ArrowRight');
  await page.locator('[data-test=history]').waitFor();
  await page.keyboard.press('ArrowLeft');
  await expectFocus(page, '[data-test=tab-data][aria-selected=true]', 'ArrowLeft');
  await page.locator('[data-test=no-account]').waitFor();

  // 5. The creation dialog: focus inside, trapped, Escape closes, focus back on the opener.
  await tabTo(page, '[data-test=create-account]');
  await expectFocusVisible(page, 'create account button');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', {
    name: `Aanmeldgegevens — ${firstName} ${lastName}`,
  });
  await dialog.waitFor();
  await expectFocus(page, '[role=dialog] input[type=radio]:checked', 'focus in the dialog');
  await expectFocusVisible(page, 'first field of the dialog');
  assert.equal(await page.evaluate(() => document.getElementById('app')?.inert), true);
  await expectFocusTrapped(page, 12);
  // "pas gebruikersnaam aan" replaces itself with the field: focus goes there.
  await tabTo(page, '[data-test=edit-username]');
  await page.keyboard.press('Enter');
  await expectFocus(page, '[data-test=username-input]', 'after "pas gebruikersnaam aan"');
  await expectFocusVisible(page, 'username field');
  await expectNoSeriousViolations(page, 'create-account-dialog-username');
  await shot('72-keyboard-dialog', { fullPage: false });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expectFocus(page, '[data-test=create-account]', 'focus back after Escape');

  // 6. Back to the list (same filter and search), clear the search, select three students.
  await tabTo(page, '[data-test=back]', { back: true });
  await page.keyboard.press('Enter');
  await page.waitForURL(/leerlingen\?.*groep=/);
  await waitForTotal(page, { eq: hits }, 'list restored');
  await tabTo(page, '[data-test=search]');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await waitForTotal(page, { eq: inGroup }, 'search cleared');
  for (let n = 1; n <= SELECTED; n++) {
    await tabTo(page, '[data-test=student-row] input[type=checkbox]:not(:checked)');
    await page.keyboard.press('Space');
    await selectedCount(page, n);
  }
  await expectFocusVisible(page, 'row checkbox');
  // Down the whole list to the action bar: every stop shows its focus, none hides behind the bar.
  await tabTo(page, '[data-test=bulk-create]', { everyStopVisible: true });
  await expectFocusVisible(page, 'bulk create button in the action bar');
  await shot('73-keyboard-selection', { fullPage: false });
  await page.keyboard.press('Enter');

  // 7. The review: radio groups move with the arrow keys; save from the action bar.
  await page.waitForURL(/accounts\/nieuw/);
  await page
    .locator('[data-test=bulk-table] tbody tr')
    .nth(SELECTED - 1)
    .waitFor();
  assert.equal(await page.locator('[data-test=bulk-table] tbody tr').count(), SELECTED);
  await expectFocus(page, 'main h1', 'after opening the review');
  // The fifth class is proposed advanced accounts by age; ArrowRight makes everyone basic.
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-test=bulk-table] .password').length === n,
    SELECTED,
  );
  await tabTo(page, '[data-test=bulk-by-age]');
  await expectFocusVisible(page, 'account type radio');
  await page.keyboard.press('ArrowRight');
  await expectFocus(page, '[data-test=bulk-basic]:checked', 'ArrowRight in the type group');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-test=bulk-table] .pictures').length === n,
    SELECTED,
  );
  await expectNoSeriousViolations(page, 'bulk-review-pictures');
  await page.keyboard.press('Tab');
  await expectFocus(page, '[data-test=all-picture]', 'one Tab stop per radio group');
  await page.keyboard.press('ArrowRight');
  await expectFocus(page, '[data-test=all-word]:checked', 'ArrowRight in the radio group');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-test=bulk-table] .password').length === n,
    SELECTED,
  );
  // The first student keeps pictures: that row's own radio group, one Tab stop, ArrowLeft.
  const firstRow = '[data-test=bulk-table] tbody tr:first-child';
  await tabTo(page, `${firstRow} [role=radiogroup] input:checked`);
  await expectFocusVisible(page, "a row's password type");
  await page.keyboard.press('ArrowLeft');
  await page.locator(`${firstRow} .pictures`).waitFor();
  await tabTo(page, '[data-test=bulk-save]');
  await expectFocusVisible(page, 'save button in the action bar');
  await shot('74-keyboard-review', { fullPage: false });
  await page.keyboard.press('Enter');

  // 8. The result, and the ZIP with Enter.
  await page.locator('[data-test=bulk-created]').waitFor();
  assert.match(
    await page.locator('[data-test=bulk-created]').textContent(),
    new RegExp(`${SELECTED} accounts zijn aangemaakt`),
  );
  await tabTo(page, '[data-test=download-zip]');
  await expectFocusVisible(page, 'download button');
  await shot('75-keyboard-result', { fullPage: false });
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const file = await download;
  const path = join(artifacts, 'keyboard-bulk.zip');
  await file.saveAs(path);
  assert.equal(readFileSync(path).subarray(0, 2).toString(), 'PK');

  // 9. That student logs in on the portal by choosing the pictures with the keyboard.
  const kid = page.locator('tr', { has: page.locator('.pictures') });
  const username = (await kid.locator('td').nth(1).innerText()).trim();
  const pictures = await kid
    .locator('.pictures img')
    .evaluateAll((imgs) => imgs.map((i) => /pictures\/([^/]+)\.png$/.exec(i.src)[1]));
  assert.ok(pictures.length >= 4, `pictures of ${username}: ${pictures.join(', ')}`);
  await page.goto(`${baseUrl}/u/${username}`);
  await page.locator('[data-test=picture-grid] button').nth(15).waitFor();
  const grid = await page
    .locator('[data-test=picture-grid] button')
    .evaluateAll((buttons) => buttons.map((b) => b.dataset.picture));
  await tabTo(page, '[data-test=picture-grid] button');
  let at = 0;
  for (const [n, id] of pictures.entries()) {
    const to = grid.indexOf(id);
    for (; at < to; at++) await page.keyboard.press('Tab');
    for (; at > to; at--) await page.keyboard.press('Shift+Tab');
    await expectFocus(page, `[data-picture="${id}"]`, `picture ${id}`);
    await page.keyboard.press(n % 2 ? 'Enter' : 'Space'); // both activate a button
  }
  await expectFocusVisible(page, 'picture button');
  assert.equal(await page.locator('[data-test=picked] img').count(), pictures.length);
  await shot('76-keyboard-pictures', { fullPage: false });
  await tabTo(page, '[data-test=portal-login-submit]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/portaal$/);
  await page.locator('[data-test=portal-home]').waitFor();
}
