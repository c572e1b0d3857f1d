// Bulk creation proposes the account type per student by age (issue 14, item 2): the school's
// "advanced from age N" decides, the summary shows the mix, and the admin overrides a row or the
// whole selection. The settings screen holds the age and the default basic password kind.
// Writes its own group "Gemengde klas (e2e)" in the primary school; restores the settings.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { createStudent, loginApi, rowsLoaded } from '../lib/admin.mjs';
import { json } from '../lib/wait.mjs';

const GROUP = 'Gemengde klas (e2e)';

export default async function ({ page, context, baseUrl, shot }) {
  const api = context.request;
  const iid = await loginApi(api, baseUrl);
  const year = new Date().getFullYear();
  const kids = [
    ['Acht', 8],
    ['Negen', 9],
    ['Elf', 11],
    ['Twaalf', 12],
    ['Onbekend', null],
  ];
  for (const [i, [firstName, age]] of kids.entries()) {
    await createStudent(api, baseUrl, iid, {
      stamnummer: String(990100 + i),
      firstName,
      lastName: 'Leeftijd',
      group: GROUP,
      birthDate: age === null ? null : `${year - age}-05-01`,
    });
  }

  // The settings screen: the age and the basic password kind, as a school admin sees them.
  await page.goto(`${baseUrl}/scholen/${iid}/instellingen`);
  await page.locator('[data-test=settings-form]').waitFor();
  assert.equal(await page.locator('[data-test=setting-advancedFromAge]').inputValue(), '10');
  assert.equal(await page.locator('[data-test=setting-basicPasswordKind]').inputValue(), 'picture');
  await page.locator('[data-test=setting-advancedFromAge]').fill('19');
  await page.locator('[data-test=settings-save]').click();
  await page.getByText('Een geheel getal van 6 tot 18.').first().waitFor();
  await page.locator('[data-test=setting-advancedFromAge]').fill('12');
  await page.locator('[data-test=setting-basicPasswordKind]').selectOption('word');
  await page.locator('[data-test=settings-save]').click();
  await page.locator('[data-test=settings-status]', { hasText: 'bewaard' }).waitFor();
  await shot('220-settings-account-defaults');
  await expectNoSeriousViolations(page, 'settings-account-defaults');

  const review = async () => {
    await page.goto(`${baseUrl}/scholen/${iid}/leerlingen?groep=${encodeURIComponent(GROUP)}`);
    await rowsLoaded(page);
    await page
      .locator('[data-test=student-row]')
      .nth(kids.length - 1)
      .waitFor();
    await page.locator('[data-test=select-all]').check();
    await page.locator('[data-test=bulk-create]').click();
    await page.waitForURL(/accounts\/nieuw/);
    await page
      .locator('[data-test=bulk-table] tbody tr')
      .nth(kids.length - 1)
      .waitFor();
  };
  const mix = (text) =>
    page.locator('[data-test=bulk-mix]', { hasText: text }).waitFor({ timeout: 10_000 });
  // Rows are found by stamnummer ("Acht" also occurs in picture names).
  const stam = (name) => `(${990100 + kids.findIndex(([n]) => n === name)})`;
  const rowType = (name) =>
    page
      .locator('[data-test=bulk-table] tbody tr', { hasText: stam(name) })
      .locator('[data-test=row-type]');

  // From 12: only the twelve-year-old is advanced; basic rows get word passwords.
  await review();
  await mix('1 gevorderd, 4 basis');
  assert.equal(await rowType('Twaalf').inputValue(), 'advanced');
  assert.equal(await page.locator('[data-test=bulk-table] .pictures').count(), 0, 'word default');
  assert.ok(await page.locator('[data-test=all-word]').isChecked());

  // Back to the default age 10 through the API; the review follows it.
  await json(
    await api.patch(`${baseUrl}/api/v1/institutions/${iid}`, {
      data: { advancedFromAge: 10, basicPasswordKind: 'picture' },
    }),
    'restore settings',
  );
  await review();
  await mix('2 gevorderd, 3 basis');
  assert.deepEqual(await Promise.all(kids.map(([name]) => rowType(name).inputValue())), [
    'basic',
    'basic',
    'advanced',
    'advanced',
    'basic',
  ]);
  await page.locator('[data-test=bulk-table] .pictures').nth(2).waitFor();
  await shot('221-bulk-review-by-age');
  await expectNoSeriousViolations(page, 'bulk-review-by-age');

  // Everyone advanced, then back to the age rule.
  await page.locator('[data-test=bulk-advanced]').check();
  await mix('5 gevorderd, 0 basis');
  assert.equal(await page.locator('[data-test=all-word]').count(), 0, 'no basic kind to choose');
  await page.locator('[data-test=bulk-by-age]').check();
  await mix('2 gevorderd, 3 basis');

  // One row overridden: the eight-year-old gets an advanced account, the eleven-year-old basic.
  await rowType('Acht').selectOption('advanced');
  await rowType('Elf').selectOption('basic');
  await mix('2 gevorderd, 3 basis');
  assert.equal(await rowType('Acht').inputValue(), 'advanced');
  await page
    .locator('[data-test=bulk-table] tbody tr', { hasText: stam('Acht') })
    .locator('.password', { hasText: /^\s*\S{8}\s*$/ })
    .waitFor();
  await shot('222-bulk-review-override');
  await page.locator('[data-test=bulk-save]').click();
  await page.locator('[data-test=bulk-created]').waitFor();
  await shot('223-bulk-result-mix');

  const list = await json(
    await api.get(`${baseUrl}/api/v1/institutions/${iid}/students`, {
      params: { group: GROUP, pageSize: 10 },
    }),
    'students',
  );
  const types = Object.fromEntries(list.items.map((s) => [s.firstName, s.accountType]));
  assert.deepEqual(types, {
    Acht: 'advanced',
    Negen: 'basic',
    Elf: 'basic',
    Twaalf: 'advanced',
    Onbekend: 'basic',
  });
}
