// Account history and the lifecycle screens, as an outside test found them. A student of the
// primary school with an account (blocked and unblocked 26 times: more than a page of history)
// left a hundred days ago (a returning account is held only after 92 days) and comes back in an
// imported file under a new first name and class: the preview and the result say the account
// stays blocked, the leavers' lines follow the option chosen, the list of last imports says the
// leavers were kept. The student page shows the block's reason; (un)blocking puts focus on the
// button that replaced the one clicked; the history shows each change of the import and pages
// back to the creation. "Nu wissen" comes back to the list with a message; the Schooljaar
// summary is singular/plural and in words.
// Writes to the demo primary school: one student of its own (erased at the end); the import
// keeps the others as they are.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { PRIMARY, createAccounts, createStudent, login, switchSchool } from '../lib/admin.mjs';
import { json } from '../lib/wait.mjs';

const day = (offset) =>
  new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', {
    timeZone: 'Europe/Brussels',
  });
const focused = (page) => page.evaluate(() => document.activeElement?.dataset.test ?? null);

export default async function ({ page, baseUrl, shot }) {
  await login(page, baseUrl);
  await switchSchool(page, PRIMARY);
  const iid = /\/scholen\/([^/]+)\//.exec(page.url())[1];
  const api = page.request;
  const studentUrl = `${baseUrl}/api/v1/institutions/${iid}/students`;

  const student = await createStudent(api, baseUrl, iid, {
    stamnummer: 'E2E-301',
    firstName: 'Lucas',
    lastName: 'Vermeulen',
    group: '3A',
  });
  const sid = student.id;
  await createAccounts(api, baseUrl, iid, [{ studentId: sid, type: 'basic' }]);
  for (let i = 0; i < 26; i++)
    for (const action of ['block', 'unblock'])
      await json(await api.post(`${studentUrl}/${sid}/account/${action}`, { data: {} }), action);
  await json(
    await api.patch(`${studentUrl}/${sid}`, { data: { enrolledUntil: day(-100) } }),
    'ended',
  );

  // The file: only this student, back without an end date, as Lucas-Marie in 4A.
  await page.getByRole('link', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Leerlingenlijst importeren' }).waitFor();
  await page.locator('[data-test=import-file]').setInputFiles({
    name: 'terug.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Stamnummer;Naam;Voornaam;Klas\r\nE2E-301;Vermeulen;Lucas-Marie;4A\r\n'),
  });
  await page.locator('[data-test=chosen-file]', { hasText: 'terug.csv' }).waitFor();
  await page.getByRole('button', { name: 'Bestand controleren' }).click();
  await page.locator('[data-test=commit-card]').waitFor();
  await page.locator('[data-test=tab-update]').click();
  const changed = page.locator('[data-test=items-update] [data-test=item-row]').first();
  await changed.waitFor();
  assert.match(
    await changed.innerText(),
    /Keert terug\. Was de inschrijving al meer dan drie maanden voorbij en had de leerling een account, dan blijft dat geblokkeerd/,
  );
  await shot('300-import-returning');

  // Vertrekkend: the lines follow the option (keep is the default).
  await page.locator('[data-test=tab-leaving]').click();
  const leaver = page.locator('[data-test=items-leaving] [data-test=leaver-text]').first();
  await leaver.waitFor();
  assert.equal((await leaver.innerText()).trim(), 'Blijft zoals het is');
  await shot('301-import-leavers-keep');
  await page.locator('[data-test=leavers-end]').check();
  await page.waitForFunction(() =>
    document
      .querySelector('[data-test=items-leaving] [data-test=leaver-text]')
      ?.textContent?.includes('eindigt'),
  );
  assert.match(await leaver.innerText(), /^Inschrijving eindigt (al )?op \d{1,2} \S+ \d{4}$/);
  await shot('302-import-leavers-end');
  await expectNoSeriousViolations(page, 'import-leavers-end');
  await page.locator('[data-test=leavers-keep]').check();
  await page.locator('[data-test=commit]').click();
  const summary = page.locator('[data-test=import-summary]');
  await summary.waitFor();
  assert.match(
    await summary.innerText(),
    /1 teruggekeerd \(wie langer dan drie maanden weg was en al een account had: dat blijft geblokkeerd/,
  );

  // Laatste imports: the leavers were kept, and it says so.
  await page.getByRole('link', { name: 'Terug naar import' }).click();
  const result = page
    .locator('[data-test=import-row]')
    .first()
    .locator('[data-test=import-result]');
  await result.waitFor();
  assert.match(
    await result.innerText(),
    /^1 teruggekeerd · \d+ vertrekkende leerlingen?: ongewijzigd gelaten$/,
  );
  await shot('303-import-history');

  // The student page: blocked, and why.
  await page.goto(`${baseUrl}/scholen/${iid}/leerlingen/${sid}`);
  const blocked = page.locator('[data-test=account-blocked]');
  await blocked.waitFor();
  assert.match(
    await blocked.innerText(),
    /Reden: Opnieuw ingeschreven\. Het account blijft geblokkeerd tot je het deblokkeert/,
  );
  await shot('304-student-returning-blocked');
  await expectNoSeriousViolations(page, 'student-returning-blocked');

  // Deblokkeren → focus on Blokkeren, and back.
  await page.locator('[data-test=unblock]').click();
  await page.locator('[data-test=block]').waitFor();
  await page.waitForFunction(() => document.activeElement?.dataset.test === 'block');
  assert.equal(await focused(page), 'block');
  assert.equal(await blocked.count(), 0);
  // Blocking asks first, with room for a reason; it shows on the panel.
  await page.locator('[data-test=block]').click();
  await page.getByRole('dialog').waitFor();
  // (A long word in it must wrap, on the panel and in the history.)
  await page
    .locator('[data-test=block-reason]')
    .fill(`Wachtwoord gedeeld met een klasgenoot ${'x'.repeat(300)}`);
  await page.locator('[data-test=block-confirm]').click();
  await page.locator('[data-test=unblock]').waitFor();
  await page.waitForFunction(() => document.activeElement?.dataset.test === 'unblock');
  assert.match(await blocked.innerText(), /Reden: Wachtwoord gedeeld met een klasgenoot/);
  await shot('305-focus-after-block');

  // The history: the import's changes, then older pages down to the creation.
  await page.locator('[data-test=tab-history]').click();
  const rows = page.locator('[data-test=history] tbody tr');
  await page.locator('[data-test=history-more]').waitFor();
  assert.equal(await rows.count(), 50);
  const imported = rows.filter({ hasText: 'via import' });
  const text = (await imported.innerText()).replace(/\s+/g, ' ');
  assert.match(text, /Opnieuw ingeschreven · via import/);
  assert.match(text, /Voornaam: Lucas → wordt Lucas-Marie/);
  assert.match(text, /Klas: 3A → wordt 4A/);
  assert.match(text, /Ingeschreven tot: \d{1,2} \S+ \d{4} → wordt \(leeg\)/);
  assert.match(await page.locator('[data-test=history-count]').innerText(), /^50 van \d+ /);
  const wide = await page
    .locator('[data-test=history]')
    .evaluate((table) => table.scrollWidth - table.parentElement.clientWidth);
  assert.ok(wide <= 1, `the history is ${wide} px wider than its box`);
  await shot('306-history-changes');
  await expectNoSeriousViolations(page, 'history-changes');
  await page.locator('[data-test=history-more]').click();
  await page.locator('[data-test=history-more]').waitFor({ state: 'detached' });
  const total = await rows.count();
  assert.ok(total > 50, `all events shown (${total})`);
  assert.match(await rows.last().innerText(), /Ingeschreven/);
  // The button went away: focus on the table, not on <body>.
  await page.waitForFunction(() => document.activeElement?.classList.contains('table-wrap'));
  await shot('307-history-all');

  // Nu wissen: back on the list, which says who was erased.
  await page.locator('[data-test=tab-data]').click();
  await page.locator('[data-test=student-erase]').click();
  await page.locator('[data-test=erase-confirmation]').fill('E2E-301');
  await page.locator('[data-test=erase-submit]').click();
  await page.waitForURL(/\/leerlingen(\?.*)?$/);
  await page
    .locator('[data-test=erasure-status]')
    .getByText('De gegevens van Lucas-Marie Vermeulen zijn gewist.')
    .waitFor();
  await shot('308-erased-message');
  await expectNoSeriousViolations(page, 'erased-message');

  // Schooljaar: one account ends within ten days; counts in their singular or plural (none,
  // one, more), the dates in words.
  const leaving = await createStudent(api, baseUrl, iid, {
    stamnummer: 'E2E-302',
    firstName: 'Noor',
    lastName: 'Vermeulen',
    group: '3A',
    enrolledUntil: day(5),
  });
  await createAccounts(api, baseUrl, iid, [{ studentId: leaving.id, type: 'basic' }]);
  await page
    .getByRole('navigation', { name: 'Hoofdmenu' })
    .getByRole('link', { name: 'Schooljaar' })
    .click();
  const line = page.locator('[data-test=school-year-summary]');
  await line.waitFor();
  await page.locator('[data-test=school-year-date]').fill(day(10));
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.locator('[data-test=school-year-ending]').getByText('Noor Vermeulen').waitFor();
  assert.match(
    await line.innerText(),
    /^Tot en met \d{1,2} \S+ \d{4}: 1 account wordt inactief, geen co-accounts stoppen, geen leerlingen worden gewist\.$/,
  );
  assert.doesNotMatch(await page.locator('main').innerText(), /\d{4}-\d{2}-\d{2}/);
  await shot('309-school-year');
  await expectNoSeriousViolations(page, 'school-year');
  await json(
    await api.post(`${studentUrl}/${leaving.id}/erase`, { data: { confirmation: 'E2E-302' } }),
    'erase Noor',
  );
}
