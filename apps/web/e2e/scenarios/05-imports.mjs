// Student list import: a file with a row error is previewed and cannot be run; a file with
// unknown headers goes through the column mapping, is previewed with its tabs and counts, and is
// run with the leavers kept; the summary and the list of last imports show what happened.
// Writes to the demo college: two new students (the leavers are kept).
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { SECONDARY, login, switchSchool } from '../lib/admin.mjs';

const latin1 = /^[\x20-\x7e\xa0-\xff]*$/;

/** A CSV as Belgian Excel saves it: `;`, CRLF, Windows-1252 (é and ë are single bytes). */
function cp1252Csv(lines) {
  const text = `${lines.map((cells) => cells.join(';')).join('\r\n')}\r\n`;
  assert.ok(latin1.test(text.replace(/\r\n/g, '')), 'only Windows-1252 characters');
  return Buffer.from(text, 'latin1');
}

async function chooseFile(page, name, buffer) {
  await page
    .locator('[data-test=import-file]')
    .setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.locator('[data-test=chosen-file]', { hasText: name }).waitFor();
}

export default async function ({ page, context, baseUrl, shot }) {
  await login(page, baseUrl);
  await switchSchool(page, SECONDARY);
  const iid = /\/scholen\/([^/]+)\//.exec(page.url())[1];

  // Four students of the college as they are, one of them moved to another class.
  const res = await context.request.get(`${baseUrl}/api/v1/institutions/${iid}/students`, {
    params: { pageSize: 100, sort: 'stamnummer' },
  });
  assert.ok(res.ok(), `students: ${res.status()}`);
  const today = new Date().toISOString().slice(0, 10);
  const known = (await res.json()).items
    .filter((s) => latin1.test(`${s.firstName}${s.lastName}${s.group}`))
    .filter((s) => !s.enrolledUntil || s.enrolledUntil >= today)
    .slice(0, 4);
  assert.equal(known.length, 4);
  const row = (s, group = s.group) => [s.stamnummer, s.lastName, s.firstName, group];
  const rows = [
    ...known.slice(0, 3).map((s) => row(s)),
    row(known[3], '6 Latijn-wiskunde'),
    ['E2E-101', 'Daniëls', 'Zoë', known[0].group],
    ['E2E-102', "D'Hondt", 'Noël', known[0].group],
  ];

  await page.getByRole('link', { name: 'Import' }).click();
  await page.waitForURL(/\/import$/);
  await page.getByRole('heading', { name: 'Leerlingenlijst importeren' }).waitFor();
  await expectNoSeriousViolations(page, 'import-upload');

  // 1. A row error: the preview says where, and the import cannot be run.
  await chooseFile(
    page,
    'leerlingen-met-fout.csv',
    cp1252Csv([
      ['Stamnummer', 'Naam', 'Voornaam', 'Klas', 'Geboortedatum'],
      ...rows.map((r, i) => [...r, i === 4 ? '31/02/2013' : '']),
    ]),
  );
  await page.locator('[data-test=check-file]').click();
  await page.waitForURL(/\/import\/[0-9a-f-]{36}$/);
  await page.locator('[data-test=has-errors]').waitFor();
  assert.equal(await page.locator('[data-test=commit]').count(), 0);
  assert.match(await page.locator('[data-test=tab-error]').innerText(), /Fouten\s*1/);
  await page.locator('[data-test=items-error] [data-test=item-row]').first().waitFor();
  const errorRow = await page
    .locator('[data-test=items-error] [data-test=item-row]')
    .first()
    .innerText();
  assert.match(errorRow, /6\s+Geboortedatum\s+Geen geldige datum/);
  assert.match(errorRow, /31\/02\/2013/);
  await shot('60-import-row-error');
  await expectNoSeriousViolations(page, 'import-preview-errors');

  // 2. Unknown headers: the columns are listed with examples and mapped by hand.
  await page.getByRole('link', { name: 'Ander bestand opladen' }).click();
  await page.waitForURL(/\/import$/);
  await chooseFile(
    page,
    'export-leerlingen.csv',
    cp1252Csv([
      ['Leerling-ID', 'Familienaam', 'Roepnaam', 'Klasgroep', 'Opmerking'],
      ...rows.map((r) => [...r, '']),
    ]),
  );
  await page.locator('[data-test=check-file]').click();
  await page.locator('[data-test=column-mapping]').waitFor();
  assert.match(await page.locator('[data-test=mapping-missing]').innerText(), /Stamnummer/);
  await page.locator('[data-test=map-0]').selectOption('stamnummer');
  await shot('61-import-column-mapping');
  await expectNoSeriousViolations(page, 'import-column-mapping');
  await page.locator('[data-test=apply-mapping]').click();
  await page.waitForURL(/\/import\/[0-9a-f-]{36}$/);

  // 3. The preview: tabs with counts, the changed class old → new, the new names decoded right.
  await page.locator('[data-test=commit-card]').waitFor();
  const tab = async (kind) =>
    (await page.locator(`[data-test=tab-${kind}]`).innerText()).replace(/\s+/g, ' ');
  assert.equal(await tab('create'), 'Nieuw 2');
  assert.equal(await tab('update'), 'Gewijzigd 1');
  assert.equal(await tab('unchanged'), 'Ongewijzigd 3');
  assert.match(await tab('leaving'), /^Vertrekkend \d+$/);
  assert.equal(await tab('error'), 'Fouten 0');
  await page.locator('[data-test=items-create] [data-test=item-row]').nth(1).waitFor();
  const created = await page.locator('[data-test=items-create]').innerText();
  assert.match(created, /Zoë Daniëls/);
  assert.match(created, /Noël D'Hondt/);
  await shot('62-import-preview-new');
  await expectNoSeriousViolations(page, 'import-preview');
  await page.locator('[data-test=tab-update]').click();
  await page.locator('[data-test=items-update] [data-test=item-row]').first().waitFor();
  assert.match(
    await page.locator('[data-test=items-update]').innerText(),
    new RegExp(
      `${known[3].group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*→\\s*6 Latijn-wiskunde`,
    ),
  );
  await shot('63-import-preview-changed');
  await expectNoSeriousViolations(page, 'import-preview-changed');
  await page.locator('[data-test=tab-leaving]').click();
  await page.locator('[data-test=items-leaving] [data-test=item-row]').first().waitFor();
  await shot('64-import-preview-leaving', { fullPage: false });
  await expectNoSeriousViolations(page, 'import-preview-leaving');

  // 4. Run it, keeping the leavers: the summary, then the list of last imports.
  await page.locator('[data-test=leavers-keep]').check();
  await page.locator('[data-test=commit]').click();
  await page.locator('[data-test=import-summary]').waitFor();
  const summary = await page.locator('[data-test=import-summary]').innerText();
  assert.match(summary, /2 nieuwe leerling\(en\)/);
  assert.match(summary, /1 gewijzigd/);
  assert.match(summary, /vertrekkende leerling\(en\) ongewijzigd gelaten/);
  assert.equal(await page.locator('[data-test=import-status]').innerText(), 'Uitgevoerd');
  await shot('65-import-summary', { fullPage: false });
  await expectNoSeriousViolations(page, 'import-summary');
  assert.match(await page.locator('[data-test=items-leaving]').innerText(), /Ongewijzigd gelaten/);

  // The same page in French (the choice is remembered; Dutch again afterwards).
  await page.getByLabel('Taal').selectOption('fr');
  await page.getByRole('heading', { name: 'Import exécuté' }).waitFor();
  assert.match(await page.locator('[data-test=tab-create]').innerText(), /Nouveaux\s*2/);
  await shot('67-import-summary-fr', { fullPage: false });
  await expectNoSeriousViolations(page, 'import-summary-fr');
  await page.getByLabel('Langue').selectOption('nl');

  await page.getByRole('link', { name: 'Terug naar import' }).click();
  await page.locator('[data-test=import-row]').nth(1).waitFor();
  const history = await page.locator('[data-test=import-history] tbody').innerText();
  assert.match(history, /export-leerlingen\.csv[\s\S]*Uitgevoerd/);
  assert.match(history, /leerlingen-met-fout\.csv[\s\S]*Vervangen/);
  await shot('66-import-history');
  await expectNoSeriousViolations(page, 'import-history');

  // The students are really there, with their accents.
  const check = await context.request.get(`${baseUrl}/api/v1/institutions/${iid}/students`, {
    params: { q: 'E2E-10' },
  });
  const names = (await check.json()).items.map((s) => `${s.firstName} ${s.lastName}`).sort();
  assert.deepEqual(names, ["Noël D'Hondt", 'Zoë Daniëls']);
}
