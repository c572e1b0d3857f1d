import { describe, expect, it } from '@jest/globals';
import { createStudent } from '../../test/factories.js';
import {
  endedCount,
  existingStudent,
  snapshot,
  syncList,
  SYNC_LIST,
  syncWorld,
} from '../../test/imports-support.js';

// The students missing from a synced list (leavers): kept by default, ended only when asked, a mass
// of them only with the expected count.

const { t, withKey } = syncWorld();

describe('PUT /api/v1/institutions/:iid/students', () => {
  it('leaves the students missing from the list as they are by default (one student synced, 120 kept)', async () => {
    const { iid, sync } = await withKey('read-write');
    for (let i = 0; i < 120; i++)
      await createStudent(t.ctx, iid, { stamnummer: String(50000 + i), enrolled_until: null });
    const before = await snapshot(t.db, iid);
    const res = await sync({ students: [SYNC_LIST[1]] });
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({
      created: 1,
      ended: 0,
      kept: 120,
      leaversEndDate: null,
    });
    expect(await endedCount(t.db, iid)).toBe(0);
    expect(JSON.parse(await snapshot(t.db, iid)).students).toHaveLength(
      JSON.parse(before).students.length + 1,
    );
  });

  it('ends a mass of enrolments only with leavers: end and the expected count', async () => {
    const { iid, sync, dryRun } = await withKey('read-write');
    for (let i = 0; i < 9; i++)
      await createStudent(t.ctx, iid, { stamnummer: String(60000 + i), enrolled_until: null });
    const before = await snapshot(t.db, iid);
    const body = { students: [SYNC_LIST[1]], leavers: 'end' };

    // 9 of 9 enrolled students (> 20 %): a count is required, and nothing changes without it.
    const refused = await sync(body);
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({
      code: 'leavers_confirmation_required',
      leavers: 9,
      enrolled: 9,
      errors: [{ path: 'body.expectedLeavers' }],
    });
    expect(refused.body.detail).toContain('expectedLeavers: 9');
    // A wrong count (the school changed since the caller counted) is refused as well.
    const wrong = await sync({ ...body, expectedLeavers: 8 });
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ code: 'leavers_count_changed', leavers: 9 });
    expect(await snapshot(t.db, iid)).toBe(before);
    // A dry run tells the count without a confirmation; the confirmed sync ends them.
    const dry = await dryRun(body);
    expect(dry.body.summary.ended).toBe(9);
    const done = await sync({ ...body, expectedLeavers: dry.body.summary.ended });
    expect(done.status).toBe(200);
    expect(done.body.summary).toMatchObject({ created: 1, ended: 9 });
  });

  it('ends a few enrolments (at most 20 % and 50) without a count', async () => {
    const { iid, sync } = await withKey('read-write');
    const students = syncList(10, 70000);
    for (const s of students)
      await createStudent(t.ctx, iid, {
        stamnummer: s.stamnummer,
        first_name: s.firstName,
        last_name: s.lastName,
        group_name: s.group,
        enrolled_until: null,
      });
    const res = await sync({ students: students.slice(2), leavers: 'end' });
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ unchanged: 8, ended: 2 });
  });

  it('does not re-enrol a leaver whose enrolledUntil is left out', async () => {
    const { iid, sync } = await withKey('read-write');
    await existingStudent(t, iid, 'zoeLeft');
    const res = await sync({ students: [SYNC_LIST[2]] });
    expect(res.body.summary).toMatchObject({ unchanged: 1, reactivated: 0 });
    const row = await t.db
      .selectFrom('students')
      .select('enrolled_until')
      .where('institution_id', '=', iid)
      .executeTakeFirstOrThrow();
    expect(row.enrolled_until).toBe('2020-06-30');
  });
});
