// A name the cards' fonts cannot print (Chinese characters, Thai, an emoji) would come out of the
// printer without those characters, or blank; the print dialog names such students and their
// characters before anything is printed, and so do the list's one-click reprint and letters.
import assert from 'node:assert/strict';
import { createStudent, loginApi, rowsLoaded, SECONDARY } from '../lib/admin.mjs';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { json } from '../lib/wait.mjs';

const GROUP = '6B Unicode';

export default async function ({ page, context, baseUrl, shot }) {
  const api = context.request;
  const iid = await loginApi(api, baseUrl, SECONDARY);
  const names = [
    ['明', 'Wang', 'UN2026/0011'],
    ['Somchai', 'สมชาย', 'UN2026/0012'],
    ['Zoë', 'Łukasiewicz', 'UN2026/0013'],
  ];
  const made = [];
  for (const [firstName, lastName, stamnummer] of names)
    made.push(
      await createStudent(api, baseUrl, iid, { stamnummer, firstName, lastName, group: GROUP }),
    );
  const created = await json(
    await api.post(`${baseUrl}/api/v1/institutions/${iid}/accounts`, {
      data: { items: made.map((s) => ({ studentId: s.id, type: 'advanced' })) },
    }),
    'accounts',
  );

  // The batch's page (where the class's ZIP and PDFs are downloaded right after creating):
  // the same notice, before any download.
  await page.goto(`${baseUrl}/scholen/${iid}/accounts/reeks/${created.batchId}`);
  const onBatch = page.locator('[data-test=unprintable-names]');
  await onBatch.waitFor();
  assert.equal(await onBatch.locator('li').count(), 2);
  await shot('29-unprintable-names-batch', { fullPage: false });
  await expectNoSeriousViolations(page, 'bulk-result-unprintable');

  // The page shares the API's session cookie: already logged in.
  await page.goto(`${baseUrl}/scholen/${iid}/leerlingen?groep=${encodeURIComponent(GROUP)}`);
  await rowsLoaded(page);
  await page.locator('[data-test=select-all]').check();
  await page.locator('[data-test=print-dialog]').click();
  const dialog = page.getByRole('dialog', { name: 'Afdrukken en downloaden' });
  await dialog.waitFor();
  const warning = dialog.locator('[data-test=unprintable-names]');
  await warning.waitFor();
  const items = await warning.locator('li').allTextContents();
  assert.deepEqual(
    items.map((s) => s.replace(/\s+/g, ' ').trim()),
    [`明 Wang (${GROUP}): 明`, `Somchai สมชาย (${GROUP}): สมชาย`],
  );
  await page.locator('[data-test=print-preview] svg').nth(1).waitFor();
  await page.evaluate(() => document.fonts.ready);
  await warning.scrollIntoViewIfNeeded();
  await shot('29-unprintable-names', { fullPage: false });
  await expectNoSeriousViolations(page, 'print-dialog-unprintable');

  // The action bar's reprint and letters download at once: they ask first, naming the students.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  for (const [button, sentence] of [
    ['reprint', 'op de kaarten en stickers'],
    ['letters', 'in de brieven'],
  ]) {
    await page.locator(`[data-test=${button}]`).click();
    const ask = page.getByRole('dialog', {
      name: 'Niet alle namen kunnen volledig gedrukt worden',
    });
    await ask.waitFor();
    const listed = ask.locator('[data-test=unprintable-names]');
    await listed.getByText(sentence).waitFor();
    assert.equal(await listed.locator('li').count(), 2);
    if (button === 'reprint') {
      await shot('29-unprintable-names-reprint', { fullPage: false });
      await expectNoSeriousViolations(page, 'reprint-unprintable');
    }
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      ask.locator('[data-test=print-anyway]').click(),
    ]);
    assert.match(download.suggestedFilename(), /\.(zip|pdf)$/);
    await ask.waitFor({ state: 'detached' });
  }
}
