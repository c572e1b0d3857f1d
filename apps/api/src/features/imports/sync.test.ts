import { describe, expect, it } from '@jest/globals';
import { createStudent, schoolPath, storedStudent } from '../../test/factories.js';
import {
  existingStudent,
  schoolStudents,
  snapshot,
  syncList,
  SYNC_LIST,
  syncWorld,
} from '../../test/imports-support.js';

// The sync through an API key: the whole list of a school's students in one PUT. What happens to
// the students missing from it: sync-leavers.test.ts.

const { t, withKey } = syncWorld();

describe('PUT /api/v1/institutions/:iid/students', () => {
  it('reads a name sent decomposed (NFD) as the same name: stored in NFC, unchanged the next time', async () => {
    const { sync } = await withKey('read-write');
    const nfd = { stamnummer: '20001', firstName: 'Zoe\u0308', lastName: 'Cle\u0301ment' };
    const first = await sync({ students: [nfd] });
    expect(first.body.summary).toMatchObject({ created: 1 });
    const id = first.body.changes[0].studentId as string;
    expect(await storedStudent(t, id)).toMatchObject({ first_name: 'Zoë', last_name: 'Clément' });
    // Found by an outside test: the other form of the same name counted as a change every time.
    for (const students of [[nfd], [{ ...nfd, firstName: 'Zoë', lastName: 'Clément' }]]) {
      const again = await sync({ students });
      expect(again.body.summary).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    }
  });

  it('keeps the address of an active co-account on its slot when the list swaps them', async () => {
    const { iid, sync } = await withKey('read-write');
    const s = await existingStudent(t, iid, 'daniels', {
      parent_emails: ['mama@example.be', 'papa@example.be'],
    });
    await t.db
      .insertInto('co_accounts')
      .values({
        student_id: s.id,
        slot: 2,
        institution_id: iid,
        state: 'active',
        email: 'papa@example.be',
        password_hash: 'x',
        activated_at: new Date(),
      })
      .execute();
    const listed = { ...SYNC_LIST[0]!, parentEmails: ['papa@example.be', 'nieuw@example.be'] };
    expect((await sync({ students: [listed] })).status).toBe(200);
    expect((await storedStudent(t, s.id)).parent_emails).toEqual([
      'nieuw@example.be',
      'papa@example.be',
    ]);
  });

  it('syncs the whole list: creates, updates, reactivates, ends leavers when asked; is idempotent', async () => {
    const { iid, agent, sync } = await withKey('read-write');
    const daniels = await existingStudent(t, iid, 'daniels', { group_name: '1A' });
    const zoe = await existingStudent(t, iid, 'zoeLeft');
    const leaver = await createStudent(t.ctx, iid, { stamnummer: '99999', enrolled_until: null });

    // Zoë's ended enrolment starts again because the list says so (enrolledUntil: null).
    const listed = SYNC_LIST.map((s) =>
      s.stamnummer === '10233' ? { ...s, enrolledUntil: null } : s,
    );
    const res = await sync({ students: listed, leavers: 'end', expectedLeavers: 1 });
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({
      created: 1,
      updated: 1,
      unchanged: 0,
      reactivated: 1,
      ended: 1,
      kept: 0,
    });
    // Counts and the list agree: each student once, in one kind.
    const listed_ = (action: string) =>
      res.body.changes.filter((c: { action: string }) => c.action === action).length;
    for (const kind of ['created', 'updated', 'reactivated', 'ended'])
      expect({ kind, n: listed_(kind) }).toEqual({ kind, n: res.body.summary[kind] });
    expect(res.body.changes).toEqual(
      expect.arrayContaining([
        {
          stamnummer: '10231',
          studentId: daniels.id,
          action: 'updated',
          fields: ['group', 'birthDate', 'parentEmails'],
        },
        {
          stamnummer: '10233',
          studentId: zoe.id,
          action: 'reactivated',
          fields: ['enrolledUntil'],
        },
        { stamnummer: '99999', studentId: leaver.id, action: 'ended', fields: ['enrolledUntil'] },
        expect.objectContaining({ stamnummer: '10232', action: 'created' }),
      ]),
    );
    const created = await t.db
      .selectFrom('students')
      .selectAll()
      .where('institution_id', '=', iid)
      .where('stamnummer', '=', '10232')
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      id: res.body.changes.find((c: { stamnummer: string }) => c.stamnummer === '10232').studentId,
      group_name: '2A',
      search_text: 'ivica cauberghs',
    });
    const ended = await storedStudent(t, leaver.id);
    expect(ended.enrolled_until).toBe(res.body.summary.leaversEndDate);

    const events = await t.db
      .selectFrom('account_events')
      .select(['actor_kind', 'actor_name', 'detail'])
      .where('institution_id', '=', iid)
      .execute();
    expect(events).toHaveLength(4);
    expect(events[0]).toMatchObject({
      actor_kind: 'api_key',
      actor_name: 'API-sleutel: Informat-koppeling',
      detail: expect.objectContaining({ source: 'api_sync', importId: res.body.importId }),
    });

    const before = await snapshot(t.db, iid);
    const again = await sync({ students: listed });
    expect(again.body.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3, ended: 0 });
    expect(again.body.changes).toEqual([]);
    const after = JSON.parse(await snapshot(t.db, iid));
    expect(after.students).toEqual(JSON.parse(before).students);
    expect(after.events).toEqual(JSON.parse(before).events);

    const list = await agent.get(`${schoolPath(iid)}/imports`);
    expect(list.body.items[0]).toMatchObject({
      source: 'api',
      format: 'json',
      status: 'committed',
      createdBy: { kind: 'api_key' },
    });
  });

  it('keeps fields that are left out and can keep leavers or end them on a given date', async () => {
    const { iid, sync } = await withKey('read-write');
    await createStudent(t.ctx, iid, {
      stamnummer: '10231',
      first_name: 'W',
      last_name: 'D',
      group_name: '1A',
      parent_emails: ['a@example.be'],
      birth_date: '2012-01-01',
    });
    await createStudent(t.ctx, iid, { stamnummer: '55555', enrolled_until: '2099-08-31' });
    const kept = await sync({
      students: [{ stamnummer: '10231', firstName: 'W', lastName: 'D' }],
      leavers: 'keep',
    });
    expect(kept.body.summary).toMatchObject({
      unchanged: 1,
      ended: 0,
      kept: 1,
      leaversEndDate: null,
    });
    const ended = await sync({
      students: [{ stamnummer: '10231', firstName: 'W', lastName: 'D' }],
      leavers: 'end',
      leaversEndDate: '2027-06-30',
      expectedLeavers: 1,
    });
    expect(ended.body.summary).toMatchObject({ ended: 1, leaversEndDate: '2027-06-30' });
    const rows = await schoolStudents(t.db, iid);
    expect(
      rows.map((r) => [r.stamnummer, r.group_name, r.parent_emails, r.enrolled_until]),
    ).toEqual([
      ['10231', '1A', ['a@example.be'], '2099-08-31'],
      ['55555', '1ste leerjaar', [], '2027-06-30'],
    ]);
  });

  it('answers what would change with dryRun, writing nothing', async () => {
    const { iid, dryRun } = await withKey('read-write');
    await createStudent(t.ctx, iid, { stamnummer: '77777' });
    const before = await snapshot(t.db, iid);
    const res = await dryRun({ students: SYNC_LIST, leavers: 'end' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      importId: null,
      dryRun: true,
      summary: { created: 3, ended: 1 },
    });
    expect(await snapshot(t.db, iid)).toBe(before);
  });

  it.each([
    [
      { students: [SYNC_LIST[0], { ...SYNC_LIST[1], birthDate: '19/03/2012' }] },
      'body.students.1.birthDate',
    ],
    [
      { students: [SYNC_LIST[0], { ...SYNC_LIST[1], parentEmails: ['geen-mail'] }] },
      'body.students.1.parentEmails.0',
    ],
    [
      { students: [SYNC_LIST[0], { ...SYNC_LIST[1], firstName: 'A\tB' }] },
      'body.students.1.firstName',
    ],
    [
      { students: [SYNC_LIST[0], { ...SYNC_LIST[1], stamnummer: '' }] },
      'body.students.1.stamnummer',
    ],
    [
      { students: [SYNC_LIST[0], { ...SYNC_LIST[1], firstName: '   ' }] },
      'body.students.1.firstName',
    ],
    [
      { students: [SYNC_LIST[0], { ...SYNC_LIST[1], stamnummer: '10231' }] },
      'body.students.1.stamnummer',
    ],
    [{ students: SYNC_LIST, leavers: 'delete' }, 'body.leavers'],
    [{ students: SYNC_LIST, extra: 1 }, 'body.extra'],
    [{ students: SYNC_LIST, leavers: 'end', expectedLeavers: -1 }, 'body.expectedLeavers'],
    [{ students: SYNC_LIST, leavers: 'end', expectedLeavers: '3' }, 'body.expectedLeavers'],
  ])('rejects %j naming %s, all or nothing', async (body, path) => {
    const { iid, sync } = await withKey('read-write');
    await createStudent(t.ctx, iid, { stamnummer: '10231', first_name: 'W', last_name: 'D' });
    const before = await snapshot(t.db, iid);
    const res = await sync(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await snapshot(t.db, iid)).toBe(before);
  });

  it('needs a read-write key', async () => {
    const { sync } = await withKey('read');
    expect((await sync({ students: SYNC_LIST })).status).toBe(403);
  });

  it('accepts a list of 20,000 students and refuses a longer one', async () => {
    const { sync, dryRun } = await withKey('read-write');
    const students = syncList(20_001, 200000);
    const tooMany = await sync({ students });
    expect(tooMany.status).toBe(400);
    const ok = await dryRun({ students: students.slice(1) });
    expect(ok.status).toBe(200);
    expect(ok.body.summary.created).toBe(20_000);
  });
});
