// A school admin logs in, switches school, searches, filters, sorts and opens a student.
import assert from 'node:assert/strict';

export default async function ({ page, baseUrl, shot }) {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/login/);
  await shot('01-login');
  await page.getByLabel('E-mailadres').fill('demo@schoolloket.local');
  await page.getByLabel('Wachtwoord').fill('demo-schoolloket');
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL(/\/leerlingen/);
  await page
    .locator('[data-test=school-switcher]')
    .selectOption({ label: 'Sint-Pieterscollege Gent (demo)' });
  await page.waitForFunction(() =>
    document.querySelector('[data-test=total]')?.textContent?.includes('200'),
  );
  await shot('02-students');

  await page.locator('[data-test=search]').fill('daniels');
  await page.waitForFunction(
    () =>
      /Totaal aantal rijen: [1-9]/.test(
        document.querySelector('[data-test=total]')?.textContent ?? '',
      ) && document.querySelectorAll('[data-test=student-row]').length < 20,
  );
  const names = await page.locator('[data-test=student-row] td:nth-child(4)').allTextContents();
  assert.ok(
    names.length > 0 && names.every((n) => n === 'Daniëls'),
    `search daniels gave ${names}`,
  );
  await shot('03-search-daniels');

  await page.locator('[data-test=search]').fill('');
  await page.locator('[data-test=group]').selectOption('1e lj 3e gr Wetenschappen-wiskunde ASO');
  await page.waitForURL(/groep=/);
  await page.waitForFunction(() =>
    document.querySelector('[data-test=total]')?.textContent?.includes('25'),
  );
  await page.locator('[data-test=sort-firstName]').click();
  await page.waitForURL(/sort=firstName/);
  const firsts = await page.locator('[data-test=student-row] td:nth-child(3)').allTextContents();
  assert.deepEqual(
    firsts,
    [...firsts].sort((a, b) => a.localeCompare(b, 'nl')),
    'sorted by first name',
  );
  await shot('04-filter-group');

  await page.locator('[data-test=student-row]').first().click();
  await page.waitForURL(/\/leerlingen\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Inschrijvingsgegevens' }).waitFor();
  await page.locator('[data-test=no-account]').waitFor();
  await shot('05-student-detail');
  await page.locator('[data-test=back]').click();
  await page.waitForURL(/groep=/);
}
