import { describe, expect, it } from '@jest/globals';
import { createStudent, schoolPath, storedStudent, storedAccount } from '../../test/factories.js';
import { brusselsDate } from '../../platform/time/brussels.js';
import { statusExpression } from '../../db/student-columns.js';
import { appForFile } from '../../test/per-file.js';
import {
  existingStudent,
  fixture,
  schoolStudents,
  schoolWithAdmin,
  snapshot,
  upload,
} from '../../test/imports-support.js';

// Uploading a file: the preview against the school, and its commit. Other formats:
// imports-formats.test.ts; committing: imports-commit.test.ts; bad files: imports-bad-input.test.ts.

const t = appForFile();
type Item = {
  stamnummer: string;
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  warnings: Array<{ code: string }>;
  returning: boolean;
};

async function createAccount(
  agent: Awaited<ReturnType<typeof schoolWithAdmin>>['agent'],
  iid: string,
  studentId: string,
) {
  const res = await agent
    .post(`${schoolPath(iid)}/accounts`)
    .set('Idempotency-Key', `acc-${studentId}`)
    .send({ items: [{ studentId, type: 'basic', passwordKind: 'word' }] });
  expect(res.status).toBe(201);
  return res.body.items[0].username as string;
}

describe('POST /api/v1/institutions/:iid/imports', () => {
  it('previews a Windows-1252 CSV with ; against the school and commits it atomically', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const daniels = await existingStudent(t, iid, 'daniels', {
      group_name: '1A',
      birth_date: '2012-03-19',
      parent_emails: ['mama.daniels@telenet.be'],
    });
    const helena = await createStudent(t.ctx, iid, {
      stamnummer: '10233',
      first_name: 'Helena',
      last_name: 'Van den Broeck',
      group_name: '2B',
      birth_date: '2011-11-07',
    });
    const zoe = await createStudent(t.ctx, iid, {
      stamnummer: '10235',
      first_name: 'Zoë',
      last_name: 'Peeters',
      group_name: '2A',
      birth_date: '2011-12-31',
      enrolled_until: '2020-06-30',
      parent_emails: ['zoe.ouders@telenet.be'],
    });
    const leaver = await createStudent(t.ctx, iid, {
      stamnummer: '99999',
      first_name: 'Vertrek',
      last_name: 'Kerckhove',
    });
    await createStudent(t.ctx, iid, {
      stamnummer: '88888',
      first_name: 'Al',
      last_name: 'Weg',
      enrolled_until: '2021-06-30',
    });
    const helenaUsername = await createAccount(agent, iid, helena.id);
    await createAccount(agent, iid, zoe.id);
    await createAccount(agent, iid, leaver.id);

    const res = await upload(
      agent,
      iid,
      fixture('informat-leerlingen-cp1252.csv'),
      'leerlingen.csv',
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      importId: res.body.id,
      status: 'previewed',
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      headerRow: 1,
      rowCount: 8,
      canCommit: true,
      counts: { create: 5, update: 3, unchanged: 0, leaving: 1, errors: 0, warnings: 1 },
      errors: [],
    });
    expect(res.body.columns.map((c: { field: string }) => c.field)).toEqual([
      'stamnummer',
      'lastName',
      'firstName',
      'group',
      'gender',
      'birthDate',
      'parentEmail1',
      'parentEmail2',
    ]);

    const items = async (kind: string) =>
      (await agent.get(`${schoolPath(iid)}/imports/${res.body.id}/items`).query({ kind })).body
        .items as Item[];
    const created = await items('create');
    expect(created.map((i) => i.stamnummer)).toEqual(['10232', '10234', '10236', '10237', '10238']);
    const updates = await items('update');
    expect(updates.find((i) => i.stamnummer === '10231')!.changes).toEqual([
      { field: 'group', from: '1A', to: '2A' },
      { field: 'gender', from: null, to: 'V' },
    ]);
    const renamed = updates.find((i) => i.stamnummer === '10233')!;
    expect(renamed.changes).toEqual(
      expect.arrayContaining([{ field: 'firstName', from: 'Helena', to: 'Hélène' }]),
    );
    expect(renamed.warnings).toEqual([expect.objectContaining({ code: 'username_basis_changed' })]);
    const returning = updates.find((i) => i.stamnummer === '10235')!;
    expect(returning).toMatchObject({ returning: true });
    expect(returning.changes).toEqual(
      expect.arrayContaining([{ field: 'enrolledUntil', from: '2020-06-30', to: null }]),
    );
    expect((await items('leaving')).map((i) => i.stamnummer)).toEqual(['99999']);
    const withWarnings = await agent
      .get(`${schoolPath(iid)}/imports/${res.body.id}/items`)
      .query({ warnings: true });
    expect(withWarnings.body.total).toBe(1);

    // Nothing is applied by the preview.
    const untouched = await storedStudent(t, daniels.id);
    expect(untouched.group_name).toBe('1A');

    // 1 of 3 enrolled students leaves: more than 20 %, so the preview asks for the count.
    expect(res.body).toMatchObject({ counts: { enrolled: 3 }, leaversNeedConfirmation: true });
    const commit = await agent
      .post(`${schoolPath(iid)}/imports/${res.body.id}/commit`)
      .send({ leavers: 'end', expectedLeavers: 1 });
    expect(commit.status).toBe(200);
    const today = commit.body.summary.leaversEndDate;
    expect(commit.body).toMatchObject({
      status: 'committed',
      canCommit: false,
      committedBy: { kind: 'admin', name: 'Test Admin' },
      summary: { created: 5, updated: 2, unchanged: 0, reactivated: 1, ended: 1, kept: 0 },
    });

    const rows = await schoolStudents(t.db, iid);
    const by = (s: string) => rows.find((r) => r.stamnummer === s)!;
    expect(by('10232')).toMatchObject({
      first_name: 'Ivica',
      last_name: 'Cauberghs',
      group_name: '2A',
      gender: 'M',
      birth_date: '2012-09-01',
      parent_emails: ['ivica.papa@gmail.com', 'cauberghs.mama@proximus.be'],
    });
    expect(by('10234')).toMatchObject({
      first_name: 'Noël',
      last_name: "D'Hondt",
      birth_date: '2012-02-29',
    });
    expect(by('10238')).toMatchObject({ first_name: 'Jürgen', last_name: 'Müller', gender: 'X' });
    expect(by('10233')).toMatchObject({
      first_name: 'Hélène',
      search_text: 'helene van den broeck',
    });
    expect(by('10235').enrolled_until).toBeNull();
    expect(by('99999').enrolled_until).toBe(today);
    expect(by('88888').enrolled_until).toBe('2021-06-30');

    // The account keeps its username; the returning student's is held until the school opens it
    // (unblock or a new password); the leaver can log in until tonight.
    const account = await storedAccount(t, helena.id);
    expect(account.username).toBe(helenaUsername);
    const status = async (sid: string) =>
      (await agent.get(`${schoolPath(iid)}/students/${sid}`)).body.status;
    expect(await status(zoe.id)).toBe('blocked');
    expect(
      (await agent.get(`${schoolPath(iid)}/students/${zoe.id}/account`)).body.blockedReason,
    ).toMatch(/^Opnieuw ingeschreven/);
    expect(await status(leaver.id)).toBe('active');
    t.clock.advance(24 * 3600 * 1000);
    try {
      const row = await t.db
        .selectFrom('students as s')
        .leftJoin('accounts as a', 'a.student_id', 's.id')
        .select(statusExpression(brusselsDate(t.clock.now)).as('status'))
        .where('s.id', '=', leaver.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('inactive');
    } finally {
      t.clock.advance(-24 * 3600 * 1000);
    }

    const events = await t.db
      .selectFrom('account_events')
      .select(['student_id', 'kind', 'detail'])
      .where('institution_id', '=', iid)
      .where('kind', '=', 'enrolment_changed')
      .execute();
    expect(events).toHaveLength(9);
    expect(events.find((e) => e.student_id === leaver.id)!.detail).toMatchObject({
      source: 'import',
      importId: res.body.id,
      change: 'ended',
    });
    expect(events.find((e) => e.student_id === zoe.id)!.detail).toMatchObject({
      change: 'reactivated',
    });

    // A second commit changes nothing and answers the same summary.
    const before = await snapshot(t.db, iid);
    const again = await agent
      .post(`${schoolPath(iid)}/imports/${res.body.id}/commit`)
      .send({ leavers: 'keep' });
    expect(again.status).toBe(200);
    expect(again.body.summary).toEqual(commit.body.summary);
    expect(await snapshot(t.db, iid)).toBe(before);

    // Importing the same file again changes nothing.
    const second = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    expect(second.body.counts).toEqual({
      create: 0,
      update: 0,
      unchanged: 8,
      leaving: 0,
      enrolled: 9,
      errors: 0,
      warnings: 0,
    });
    const beforeSecond = await snapshot(t.db, iid);
    const secondCommit = await agent
      .post(`${schoolPath(iid)}/imports/${second.body.id}/commit`)
      .send({});
    expect(secondCommit.body.summary).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 8,
      ended: 0,
    });
    const after = JSON.parse(await snapshot(t.db, iid));
    expect(after.students).toEqual(JSON.parse(beforeSecond).students);
    expect(after.events).toEqual(JSON.parse(beforeSecond).events);

    const list = await agent.get(`${schoolPath(iid)}/imports`);
    expect(list.body.total).toBe(2);
    expect(list.body.items[0]).toMatchObject({
      id: second.body.id,
      status: 'committed',
      fileName: 'leerlingen.csv',
      createdBy: { kind: 'admin' },
    });
  });
});
