import { describe, expect, it } from '@jest/globals';
import { createStudent, schoolPath } from '../../test/factories.js';
import { syncKey } from '../../test/imports-support.js';
import { appForFile } from '../../test/per-file.js';

// The grace period before erasure counts from the day an enrolment end was written when that is
// later than the end itself. Found by an outside test: an end date of 1900-01-01, written with a
// read-write API key (one student, or every leaver of a sync), made the students due for erasure
// the next morning, while "Nu wissen" itself refuses an API key.

const t = appForFile();
const GRACE = 365;

const runJob = () =>
  t.app.scheduler.job('erase-after-grace')!.run(t.ctx, { now: t.ctx.now(), dryRun: false });

const exists = async (sid: string) =>
  !!(await t.db.selectFrom('students').select('id').where('id', '=', sid).executeTakeFirst());

const atDay = (day: string) => {
  t.clock.now = new Date(`${day}T10:00:00Z`);
};

/** The nightly job keeps the student on `lastKept` and erases it on `erasedOn`. */
async function expectErasedOn(sid: string, lastKept: string, erasedOn: string) {
  atDay(lastKept);
  await runJob();
  expect(await exists(sid)).toBe(true);
  atDay(erasedOn);
  await runJob();
  expect(await exists(sid)).toBe(false);
}

describe('an enrolment end written in the past', () => {
  it('one student by PATCH: kept for the whole grace period from the day it was written', async () => {
    atDay('2027-03-01');
    const { iid, api, agent } = await syncKey(t, 'read-write');
    const student = await createStudent(t.ctx, iid, { enrolled_until: null });
    const patched = await api()
      .patch(`${schoolPath(iid)}/students/${student.id}`)
      .send({ enrolledUntil: '1900-01-01' });
    expect(patched.status).toBe(200);
    // The preview says when, counted from the day of the change.
    const erasures = async (date: string) => {
      const res = await agent.get(`${schoolPath(iid)}/lifecycle/preview?date=${date}`);
      expect(res.status).toBe(200);
      return (res.body.erasures as Array<{ studentId: string; eraseOn: string }>)
        .filter((e) => e.studentId === student.id)
        .map((e) => e.eraseOn);
    };
    expect(await erasures('2028-02-28')).toEqual([]);
    expect(await erasures('2028-03-01')).toEqual(['2028-02-29']);

    atDay('2027-03-02');
    await runJob();
    expect(await exists(student.id)).toBe(true);

    // 2027-03-01 + 365 days: the last day kept.
    await expectErasedOn(student.id, '2028-02-29', '2028-03-01');
  });

  it('every leaver of a sync: the same, however far back the date', async () => {
    atDay('2027-03-01');
    const { iid, api } = await syncKey(t, 'read-write');
    const stays = await createStudent(t.ctx, iid, { stamnummer: '1', enrolled_until: null });
    const leaver = await createStudent(t.ctx, iid, { stamnummer: '2', enrolled_until: null });
    const synced = await api()
      .put(`${schoolPath(iid)}/students`)
      .send({
        students: [{ stamnummer: '1', firstName: stays.first_name, lastName: stays.last_name }],
        leavers: 'end',
        leaversEndDate: '1900-01-01',
        expectedLeavers: 1,
      });
    expect(synced.status).toBe(200);
    expect(synced.body.summary).toMatchObject({ ended: 1 });

    atDay('2027-03-02');
    await runJob();
    expect(await exists(leaver.id)).toBe(true);
    atDay('2028-03-01');
    await runJob();
    expect([await exists(leaver.id), await exists(stays.id)]).toEqual([false, true]);
  });

  it('an end written before the grace period would start counts from the end, as before', async () => {
    atDay('2027-03-01');
    const { iid, api } = await syncKey(t, 'read-write');
    const student = await createStudent(t.ctx, iid, { enrolled_until: null });
    // Written ahead: the end of the school year.
    await api()
      .patch(`${schoolPath(iid)}/students/${student.id}`)
      .send({ enrolledUntil: '2027-06-30' });
    // 2027-06-30 + 365 days (2028 is a leap year): the last day kept.
    await expectErasedOn(student.id, '2028-06-29', '2028-06-30');
  });
});

it('the grace period in these tests is the default', async () => {
  const { iid } = await syncKey(t, 'read-write');
  const row = await t.db
    .selectFrom('institutions')
    .select('grace_period_days')
    .where('id', '=', iid)
    .executeTakeFirstOrThrow();
  expect(row.grace_period_days).toBe(GRACE);
});
