import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStudent } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { schoolStudents, schoolWithAdmin, snapshot } from '../../test/imports-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const base = (iid: string) => `/api/v1/institutions/${iid}`;

async function withKey(scope: 'read' | 'read-write') {
  const { iid, agent } = await schoolWithAdmin(t);
  const key = await agent.post(`${base(iid)}/api-keys`).send({ name: 'Informat-koppeling', scope });
  expect(key.status).toBe(201);
  return { iid, agent, api: () => t.request().set('Authorization', `Bearer ${key.body.token}`) };
}

const LIST = [
  {
    stamnummer: '10231',
    firstName: 'Wilhelmina',
    lastName: 'Daniëls',
    group: '2A',
    birthDate: '2012-03-19',
    parentEmails: ['mama@example.be'],
  },
  { stamnummer: '10232', firstName: 'Ivica', lastName: 'Cauberghs', group: '2A' },
  { stamnummer: '10233', firstName: 'Zoë', lastName: 'Peeters', group: '2B' },
];

describe('PUT /api/v1/institutions/:iid/students', () => {
  it('syncs the whole list: creates, updates, reactivates, ends leavers when asked; is idempotent', async () => {
    const { iid, agent, api } = await withKey('read-write');
    const daniels = await createStudent(t.ctx, iid, {
      stamnummer: '10231',
      first_name: 'Wilhelmina',
      last_name: 'Daniëls',
      group_name: '1A',
    });
    const zoe = await createStudent(t.ctx, iid, {
      stamnummer: '10233',
      first_name: 'Zoë',
      last_name: 'Peeters',
      group_name: '2B',
      enrolled_until: '2020-06-30',
    });
    const leaver = await createStudent(t.ctx, iid, { stamnummer: '99999', enrolled_until: null });

    // Zoë's ended enrolment starts again because the list says so (enrolledUntil: null).
    const listed = LIST.map((s) => (s.stamnummer === '10233' ? { ...s, enrolledUntil: null } : s));
    const res = await api()
      .put(`${base(iid)}/students`)
      .send({ students: listed, leavers: 'end', expectedLeavers: 1 });
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
    const ended = await t.db
      .selectFrom('students')
      .select('enrolled_until')
      .where('id', '=', leaver.id)
      .executeTakeFirstOrThrow();
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
    const again = await api()
      .put(`${base(iid)}/students`)
      .send({ students: listed });
    expect(again.body.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3, ended: 0 });
    expect(again.body.changes).toEqual([]);
    const after = JSON.parse(await snapshot(t.db, iid));
    expect(after.students).toEqual(JSON.parse(before).students);
    expect(after.events).toEqual(JSON.parse(before).events);

    const list = await agent.get(`${base(iid)}/imports`);
    expect(list.body.items[0]).toMatchObject({
      source: 'api',
      format: 'json',
      status: 'committed',
      createdBy: { kind: 'api_key' },
    });
  });

  it('keeps fields that are left out and can keep leavers or end them on a given date', async () => {
    const { iid, api } = await withKey('read-write');
    await createStudent(t.ctx, iid, {
      stamnummer: '10231',
      first_name: 'W',
      last_name: 'D',
      group_name: '1A',
      parent_emails: ['a@example.be'],
      birth_date: '2012-01-01',
    });
    await createStudent(t.ctx, iid, { stamnummer: '55555', enrolled_until: '2099-08-31' });
    const kept = await api()
      .put(`${base(iid)}/students`)
      .send({
        students: [{ stamnummer: '10231', firstName: 'W', lastName: 'D' }],
        leavers: 'keep',
      });
    expect(kept.body.summary).toMatchObject({
      unchanged: 1,
      ended: 0,
      kept: 1,
      leaversEndDate: null,
    });
    const ended = await api()
      .put(`${base(iid)}/students`)
      .send({
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
    const { iid, api } = await withKey('read-write');
    await createStudent(t.ctx, iid, { stamnummer: '77777' });
    const before = await snapshot(t.db, iid);
    const res = await api()
      .put(`${base(iid)}/students`)
      .query({ dryRun: true })
      .send({ students: LIST, leavers: 'end' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      importId: null,
      dryRun: true,
      summary: { created: 3, ended: 1 },
    });
    expect(await snapshot(t.db, iid)).toBe(before);
  });

  it('leaves the students missing from the list as they are by default (one student synced, 120 kept)', async () => {
    const { iid, api } = await withKey('read-write');
    for (let i = 0; i < 120; i++)
      await createStudent(t.ctx, iid, { stamnummer: String(50000 + i), enrolled_until: null });
    const before = await snapshot(t.db, iid);
    const res = await api()
      .put(`${base(iid)}/students`)
      .send({ students: [LIST[1]] });
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({
      created: 1,
      ended: 0,
      kept: 120,
      leaversEndDate: null,
    });
    const ended = await t.db
      .selectFrom('students')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('institution_id', '=', iid)
      .where('enrolled_until', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(ended.n)).toBe(0);
    expect(JSON.parse(await snapshot(t.db, iid)).students).toHaveLength(
      JSON.parse(before).students.length + 1,
    );
  });

  it('ends a mass of enrolments only with leavers: end and the expected count', async () => {
    const { iid, api } = await withKey('read-write');
    for (let i = 0; i < 9; i++)
      await createStudent(t.ctx, iid, { stamnummer: String(60000 + i), enrolled_until: null });
    const before = await snapshot(t.db, iid);
    const body = { students: [LIST[1]], leavers: 'end' };

    // 9 of 9 enrolled students (> 20 %): a count is required, and nothing changes without it.
    const refused = await api()
      .put(`${base(iid)}/students`)
      .send(body);
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
    const wrong = await api()
      .put(`${base(iid)}/students`)
      .send({ ...body, expectedLeavers: 8 });
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ code: 'leavers_count_changed', leavers: 9 });
    expect(await snapshot(t.db, iid)).toBe(before);
    // A dry run tells the count without a confirmation; the confirmed sync ends them.
    const dry = await api()
      .put(`${base(iid)}/students`)
      .query({ dryRun: true })
      .send(body);
    expect(dry.body.summary.ended).toBe(9);
    const done = await api()
      .put(`${base(iid)}/students`)
      .send({ ...body, expectedLeavers: dry.body.summary.ended });
    expect(done.status).toBe(200);
    expect(done.body.summary).toMatchObject({ created: 1, ended: 9 });
  });

  it('ends a few enrolments (at most 20 % and 50) without a count', async () => {
    const { iid, api } = await withKey('read-write');
    const students = Array.from({ length: 10 }, (_, i) => ({
      stamnummer: String(70000 + i),
      firstName: 'Emma',
      lastName: `Peeters${i}`,
      group: '1A',
    }));
    for (const s of students)
      await createStudent(t.ctx, iid, {
        stamnummer: s.stamnummer,
        first_name: s.firstName,
        last_name: s.lastName,
        group_name: s.group,
        enrolled_until: null,
      });
    const res = await api()
      .put(`${base(iid)}/students`)
      .send({ students: students.slice(2), leavers: 'end' });
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ unchanged: 8, ended: 2 });
  });

  it('does not re-enrol a leaver whose enrolledUntil is left out', async () => {
    const { iid, api } = await withKey('read-write');
    await createStudent(t.ctx, iid, {
      stamnummer: '10233',
      first_name: 'Zoë',
      last_name: 'Peeters',
      group_name: '2B',
      enrolled_until: '2020-06-30',
    });
    const res = await api()
      .put(`${base(iid)}/students`)
      .send({ students: [LIST[2]] });
    expect(res.body.summary).toMatchObject({ unchanged: 1, reactivated: 0 });
    const row = await t.db
      .selectFrom('students')
      .select('enrolled_until')
      .where('institution_id', '=', iid)
      .executeTakeFirstOrThrow();
    expect(row.enrolled_until).toBe('2020-06-30');
  });

  it.each([
    [{ students: [LIST[0], { ...LIST[1], birthDate: '19/03/2012' }] }, 'body.students.1.birthDate'],
    [
      { students: [LIST[0], { ...LIST[1], parentEmails: ['geen-mail'] }] },
      'body.students.1.parentEmails.0',
    ],
    [{ students: [LIST[0], { ...LIST[1], firstName: 'A\tB' }] }, 'body.students.1.firstName'],
    [{ students: [LIST[0], { ...LIST[1], stamnummer: '' }] }, 'body.students.1.stamnummer'],
    [{ students: [LIST[0], { ...LIST[1], firstName: '   ' }] }, 'body.students.1.firstName'],
    [{ students: [LIST[0], { ...LIST[1], stamnummer: '10231' }] }, 'body.students.1.stamnummer'],
    [{ students: LIST, leavers: 'delete' }, 'body.leavers'],
    [{ students: LIST, extra: 1 }, 'body.extra'],
    [{ students: LIST, leavers: 'end', expectedLeavers: -1 }, 'body.expectedLeavers'],
    [{ students: LIST, leavers: 'end', expectedLeavers: '3' }, 'body.expectedLeavers'],
  ])('rejects %j naming %s, all or nothing', async (body, path) => {
    const { iid, api } = await withKey('read-write');
    await createStudent(t.ctx, iid, { stamnummer: '10231', first_name: 'W', last_name: 'D' });
    const before = await snapshot(t.db, iid);
    const res = await api()
      .put(`${base(iid)}/students`)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await snapshot(t.db, iid)).toBe(before);
  });

  it('needs a read-write key', async () => {
    const { iid, api } = await withKey('read');
    expect(
      (
        await api()
          .put(`${base(iid)}/students`)
          .send({ students: LIST })
      ).status,
    ).toBe(403);
  });

  it('accepts a list of 20,000 students and refuses a longer one', async () => {
    const { iid, api } = await withKey('read-write');
    const students = Array.from({ length: 20_001 }, (_, i) => ({
      stamnummer: String(200000 + i),
      firstName: 'Emma',
      lastName: `Peeters${i}`,
      group: '1A',
    }));
    const tooMany = await api()
      .put(`${base(iid)}/students`)
      .send({ students });
    expect(tooMany.status).toBe(400);
    const ok = await api()
      .put(`${base(iid)}/students`)
      .query({ dryRun: true })
      .send({ students: students.slice(1) });
    expect(ok.status).toBe(200);
    expect(ok.body.summary.created).toBe(20_000);
  });
});
