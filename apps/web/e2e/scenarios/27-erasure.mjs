// Erasure a month ahead. Two students of the primary school whose grace period ends in ten days
// (the school's grace period set to ten days for the scenario)
// show in the notice on the start page ("2 leerlingen worden op … gewist"); the admin keeps one
// ("Bewaren tot…") and erases the other ("Nu wissen", refused until the stamnummer is typed);
// the Schooljaar screen shows the same notice. Screens checked with axe.
import assert from 'node:assert/strict';
import { expectNoSeriousViolations } from '../lib/axe.mjs';
import { PRIMARY, login, switchSchool } from '../lib/admin.mjs';

const day = (offset) =>
  new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', {
    timeZone: 'Europe/Brussels',
  });

export default async function ({ page, baseUrl, shot }) {
  await login(page, baseUrl);
  await switchSchool(page, PRIMARY);
  const iid = /\/scholen\/([^/]+)\//.exec(page.url())[1];
  // The grace period counts from the day an end is written when that is later than the end (an
  // end typed far in the past is not due tomorrow), so students created today cannot be ten days
  // from erasure under the default 365 days: the school's grace period is ten days for this
  // scenario, and put back at its end.
  const school = `${baseUrl}/api/v1/institutions/${iid}`;
  const grace = (await (await page.request.get(school)).json()).gracePeriodDays;
  const setGrace = async (days) =>
    assert.equal(
      (await page.request.patch(school, { data: { gracePeriodDays: days } })).status(),
      200,
    );
  await setGrace(10);
  // The demo school's own leavers (left last summer) would be due under ten days too: kept.
  const preview = await page.request.get(`${school}/lifecycle/preview?date=${day(30)}`);
  for (const due of (await preview.json()).erasures) {
    const kept = await page.request.put(`${school}/students/${due.studentId}/keep`, {
      data: { keepUntil: day(400) },
    });
    assert.equal(kept.status(), 200, await kept.text());
  }
  // Left yesterday, written today: erased in ten days.
  for (const [stamnummer, firstName, lastName] of [
    ['77001', 'Wout', 'Wissel'],
    ['77002', 'Xena', 'Wissel'],
  ]) {
    const res = await page.request.post(`${baseUrl}/api/v1/institutions/${iid}/students`, {
      data: { stamnummer, firstName, lastName, group: '6A', enrolledUntil: day(-1) },
    });
    assert.equal(res.status(), 201, await res.text());
  }
  await page.reload();
  const notice = page.locator('[data-test=erasure-notice]');
  await notice.getByRole('heading', { name: /^2 leerlingen worden op .* gewist$/ }).waitFor();
  await notice.locator('[data-test=erasure-notice-toggle]').click();
  await notice
    .locator('[data-test=erasure-notice-list]')
    .getByRole('link', { name: 'Wout Wissel' })
    .waitFor();
  await shot('270-erasure-notice');
  await expectNoSeriousViolations(page, 'erasure-notice');

  // Bewaren tot…: Wout may come back.
  await notice.locator('[data-test=keep-77001]').click();
  await page.locator('[data-test=keep-date]').fill(day(400));
  await shot('271-keep-dialog');
  await expectNoSeriousViolations(page, 'keep-dialog');
  await page.locator('[data-test=keep-submit]').click();
  await page.locator('[data-test=erasure-status]').getByText('Wout Wissel').waitFor();
  await notice.getByRole('heading', { name: /^1 leerling wordt op .* gewist$/ }).waitFor();

  // Nu wissen: refused without the stamnummer or the name, then done.
  await notice
    .getByText('Toon wie')
    .click()
    .catch(() => undefined);
  await notice.locator('[data-test=erase-77002]').click();
  await page.locator('[data-test=erase-confirmation]').fill('77003');
  await page.locator('[data-test=erase-submit]').click();
  await page.getByText('Dit is niet het stamnummer of de naam van deze leerling.').waitFor();
  await shot('272-erase-refused');
  await expectNoSeriousViolations(page, 'erase-refused');
  await page.locator('[data-test=erase-confirmation]').fill('xena wissel');
  await page.locator('[data-test=erase-submit]').click();
  await page.locator('[data-test=erasure-status]').getByText('Xena Wissel').waitFor();
  await notice.waitFor({ state: 'detached' });
  const gone = await page.request.get(`${baseUrl}/api/v1/institutions/${iid}/students?q=77002`);
  assert.equal((await gone.json()).total, 0);

  // The Schooljaar screen: the kept student is listed with its date, the notice is gone.
  await page
    .getByRole('navigation', { name: 'Hoofdmenu' })
    .getByRole('link', { name: 'Schooljaar' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Einde van het schooljaar' }).waitFor();
  await page.locator('[data-test=school-year-summary]').waitFor();
  assert.equal(await page.locator('[data-test=erasure-notice]').count(), 0);
  await shot('273-school-year');
  await expectNoSeriousViolations(page, 'school-year-after-erasure');

  // Access: Wout's page offers everything held on him as a PDF; the download is in his history.
  const wout = (
    await (await page.request.get(`${baseUrl}/api/v1/institutions/${iid}/students?q=77001`)).json()
  ).items[0];
  await page.goto(`${baseUrl}/scholen/${iid}/leerlingen/${wout.id}`);
  const panel = page.locator('[data-test=student-data]');
  await panel.getByText('Bewaard tot').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.locator('[data-test=personal-data-pdf]').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'gegevens-77001.pdf');
  await panel.getByText('gegevens-77001.pdf is gedownload.').waitFor();
  await shot('274-student-data');
  await expectNoSeriousViolations(page, 'student-data');
  const history = await (
    await page.request.get(`${baseUrl}/api/v1/institutions/${iid}/students/${wout.id}/history`)
  ).json();
  assert.deepEqual(history.items.map((e) => e.kind).slice(0, 2), [
    'access_exported',
    'keep_until_changed',
  ]);
  await setGrace(grace);
}
