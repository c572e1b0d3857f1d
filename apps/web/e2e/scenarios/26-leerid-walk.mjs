// The LeerID seed's steps in a secondary school, by mouse and keyboard only (no API call by hand):
// switch school, search by name and by stamnummer, filter by group, status and type, open a
// student without an account, create an advanced account ("Bewaren en afdrukken" downloads the
// ZIP), read the account data as the manual shows them, give a new password (confirmed first, the
// password stays until closed), then a bulk for the rest of the group ending in the ZIP with the
// Excel file, the A4 PDF and the sticker PDF. Counts are read from the page: other scenarios may
// have moved students of this group.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SECONDARY, login, rowsLoaded, switchSchool, waitForTotal } from '../lib/admin.mjs';
import { expectNoSeriousViolations } from '../lib/axe.mjs';

const GROUP = '2e lj 3e gr Elektri.installatietechn.TSO';

export default async function ({ page, baseUrl, artifacts, shot }) {
  await login(page, baseUrl);
  await switchSchool(page, SECONDARY);
  const school = await waitForTotal(page, { min: 150 }, 'the school');

  // "zoek op stamnummer, naam of voornaam": by last name, then by stamnummer.
  const first = page.locator('[data-test=student-row]').first();
  const cells = await first.locator('td').allTextContents();
  const stamnummer = cells.map((c) => c.trim()).find((c) => /^\d+$/.test(c));
  assert.ok(stamnummer, `no stamnummer in ${cells.join(' | ')}`);
  await page.locator('[data-test=search]').fill(stamnummer);
  await waitForTotal(page, { min: 1, max: 3 }, 'search by stamnummer');
  await page.locator('[data-test=search]').fill('');
  await waitForTotal(page, { eq: school }, 'search cleared');

  // Administratieve groep, Status, Type.
  await page.locator('[data-test=group]').selectOption(GROUP);
  const inGroup = await waitForTotal(page, { min: 5, max: school - 1 }, 'group filter');
  await page.locator('[data-test=status]').selectOption('none');
  const withoutAccount = await waitForTotal(page, { min: 3, max: inGroup }, 'status filter');
  await shot('260-walk-filtered');
  await expectNoSeriousViolations(page, 'walk-filtered');

  // One student: the page shows "Nog geen account" and the enrolment end, then the dialog proposes
  // an advanced account (secondary school age) with an 8-character temporary password.
  await page.locator('[data-test=student-row]').first().click();
  await page.locator('[data-test=no-account]').waitFor();
  assert.match(await page.locator('[data-test=no-account]').textContent(), /ingeschreven tot/);
  await page.locator('[data-test=create-account]').click();
  assert.equal(await page.locator('[data-test=type-advanced]').isChecked(), true);
  const temporary = (await page.locator('[data-test=password]').textContent()).trim();
  assert.match(temporary, /^[A-Za-z0-9]{8}$/);
  const username = (await page.locator('[data-test=username]').textContent()).trim();
  assert.match(username, /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/);
  await shot('261-walk-create-advanced');
  const single = page.waitForEvent('download', { timeout: 90_000 });
  await page.locator('[data-test=save-and-print]').click();
  assert.match((await single).suggestedFilename(), /\.zip$/);
  const panel = page.locator('[data-test=account-panel]');
  await panel.waitFor();
  await page.getByText('Het account is succesvol aangemaakt.').waitFor();
  const panelText = await panel.textContent();
  for (const expected of [
    'Actief',
    'Wordt automatisch inactief bij einde inschrijving',
    'Moet nieuw wachtwoord kiezen bij eerste aanmelding',
    'Nog niet aangemeld',
    username,
  ])
    assert.ok(panelText.includes(expected), `account panel lacks "${expected}"`);
  await shot('262-walk-account-data');
  await expectNoSeriousViolations(page, 'walk-account-data');

  // "Nieuw wachtwoord": asks first, then shows the new temporary password until it is closed.
  await page.locator('[data-test=new-password]').click();
  await page.getByText('Het huidige wachtwoord werkt dan niet meer').first().waitFor();
  // The page reloads the student behind the dialog; the password must stay.
  const sid = new URL(page.url()).pathname.split('/').pop();
  const studentReloaded = page.waitForResponse(
    (r) => r.request().method() === 'GET' && new URL(r.url()).pathname.endsWith(`/students/${sid}`),
  );
  await page.locator('[data-test=reset-password-confirm]').click();
  const fresh = page.locator('[data-test=new-password-text]');
  await fresh.waitFor();
  const renewed = (await fresh.textContent()).trim();
  assert.match(renewed, /^[A-Za-z0-9]{8}$/);
  assert.notEqual(renewed, temporary);
  await (await studentReloaded).finished();
  await page.getByText('Er is een nieuw wachtwoord gemaakt.').first().waitFor();
  // Two animation frames: Vue has drawn what the reload brought.
  await page.evaluate(() => {
    const frame = () => new Promise((r) => globalThis.requestAnimationFrame(r));
    return frame().then(frame);
  });
  assert.equal((await fresh.textContent()).trim(), renewed);
  await shot('263-walk-new-password');
  await page.locator('[data-test=secret-close]').click();
  await fresh.waitFor({ state: 'detached' });

  // Bulk for the rest of the group: "Maak accounts aan" on the filtered list, then the result.
  await page.goto(
    `${baseUrl}${new URL(page.url()).pathname.replace(/\/leerlingen\/.*/, '/leerlingen')}` +
      `?groep=${encodeURIComponent(GROUP)}&status=none`,
  );
  await rowsLoaded(page);
  const rest = await waitForTotal(page, { eq: withoutAccount - 1 }, 'the rest of the group');
  await page.locator('[data-test=select-all]').check();
  await page.locator('[data-test=bulk-create]').click();
  await page.waitForURL(/accounts\/nieuw/);
  await page
    .locator('[data-test=bulk-table] tbody tr')
    .nth(rest - 1)
    .waitFor();
  await page.locator('[data-test=bulk-mix]', { hasText: 'gevorderd' }).waitFor();
  await shot('264-walk-bulk-review');
  await page.locator('[data-test=bulk-save]').click();
  await page.locator('[data-test=bulk-created]').waitFor();
  assert.match(
    await page.locator('[data-test=bulk-created]').textContent(),
    new RegExp(`${rest} accounts zijn aangemaakt`),
  );
  await shot('265-walk-bulk-result');
  await expectNoSeriousViolations(page, 'walk-bulk-result');
  const zipDownload = page.waitForEvent('download', { timeout: 90_000 });
  await page.locator('[data-test=download-zip]').click();
  const path = join(artifacts, 'walk-bulk.zip');
  await (await zipDownload).saveAs(path);
  const listing = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).split('\n');
  assert.ok(
    listing.some((f) => f.endsWith('.xlsx')),
    `no Excel file in ${listing}`,
  );
  assert.ok(listing.filter((f) => f.endsWith('.pdf')).length >= 2, `PDFs missing: ${listing}`);

  // Back at the list, the group has no student without an account left.
  await page.goto(
    `${baseUrl}${new URL(page.url()).pathname.replace(/\/accounts\/.*/, '/leerlingen')}` +
      `?groep=${encodeURIComponent(GROUP)}&status=none`,
  );
  await waitForTotal(page, { eq: 0 }, 'no student without an account');
}
