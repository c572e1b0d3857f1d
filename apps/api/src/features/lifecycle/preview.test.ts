import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import ExcelJS from 'exceljs';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';
import { nextSchoolYearEnd } from './service.js';

// The dry run of the end of the school year on a moving clock: it names who ends, which
// co-accounts stop and who is erased by the chosen date, and writes nothing.

const t = appForFile();
let iid: string;
let agent: supertest.Agent;
let ids: Record<string, string>;
let adminEmail: string;

/** Sessions end after 12 hours: a test that moves the clock by days logs in again. */
async function setClock(iso: string) {
  t.clock.now = new Date(iso);
  agent = t.request();
  await loginAs(agent, adminEmail);
}

beforeAll(async () => {
  t.clock.now = new Date('2027-05-10T10:00:00Z');
  const school = await createInstitution(t.ctx, { name: 'Sint-Lutgart' });
  iid = school.id;
  const admin = await createAdmin(t.ctx, { institutionId: iid, role: 'admin' });
  adminEmail = admin.email;
  agent = t.request();
  await loginAs(agent, admin.email);
  const ends = await studentWithAccount(t.ctx, iid, {
    first_name: 'Anna',
    last_name: 'Aerts',
    group_name: '6A',
    enrolled_until: '2027-06-30',
    parent_emails: ['ouder@example.be'],
  });
  await activeCoAccount(t.ctx, ends.student, 1, 'ouder-wachtwoord-123');
  const stays = await studentWithAccount(t.ctx, iid, {
    first_name: 'Bram',
    group_name: '5A',
    enrolled_until: '2028-06-30',
  });
  // Left a year ago: the grace period (365 days) ends 2027-06-30 +1 year after 2026-06-30.
  const left = await createStudent(t.ctx, iid, {
    first_name: 'Cas',
    last_name: '=Cools',
    group_name: '6B',
    enrolled_until: '2026-06-30',
  });
  const leftLater = await createStudent(t.ctx, iid, {
    first_name: 'Dirk',
    group_name: '6B',
    enrolled_until: '2026-09-30',
  });
  ids = { ends: ends.student.id, stays: stays.student.id, left: left.id, leftLater: leftLater.id };
});

const preview = (query: Record<string, string> = {}) =>
  agent.get(`/api/v1/institutions/${iid}/lifecycle/preview`).query(query);

describe('GET /api/v1/institutions/:iid/lifecycle/preview', () => {
  it('defaults to the next 30 June and names who ends, which co-accounts stop and who is erased', async () => {
    const before = await t.db.selectFrom('students').selectAll().orderBy('id').execute();
    const res = await preview();
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      today: '2027-05-10',
      date: '2027-06-30',
      gracePeriodDays: 365,
      counts: { ending: 1, coAccounts: 1, erasures: 1 },
    });
    expect(res.body.ending).toEqual([
      expect.objectContaining({
        studentId: ids.ends,
        firstName: 'Anna',
        group: '6A',
        blocked: false,
      }),
    ]);
    expect(res.body.coAccounts).toEqual([
      expect.objectContaining({
        studentId: ids.ends,
        slot: 1,
        state: 'active',
        email: 'ouder@example.be',
      }),
    ]);
    expect(res.body.erasures).toEqual([
      expect.objectContaining({ studentId: ids.left, eraseOn: '2027-06-30', username: null }),
    ]);
    expect(res.body.groups).toEqual([
      { group: '6A', ending: 1, coAccounts: 1, erasures: 0 },
      { group: '6B', ending: 0, coAccounts: 0, erasures: 1 },
    ]);
    expect(await t.db.selectFrom('students').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('follows the chosen date, the grace period and a student kept longer', async () => {
    const later = await preview({ date: '2027-09-30' });
    expect(later.body.counts).toEqual({ ending: 1, coAccounts: 1, erasures: 2 });
    // Kept longer, and a shorter grace period: both set back at the end for the other tests.
    const keepUntil = (date: string | null) =>
      t.db.updateTable('students').set({ keep_until: date }).where('id', '=', ids.left!).execute();
    const gracePeriod = (days: number) =>
      t.db
        .updateTable('institutions')
        .set({ grace_period_days: days })
        .where('id', '=', iid)
        .execute();
    await keepUntil('2028-01-31');
    await gracePeriod(30);
    const shorter = await preview({ date: '2027-09-30' });
    expect(shorter.body.erasures.map((e: { studentId: string }) => e.studentId)).toEqual([
      ids.ends,
      ids.leftLater,
    ]);
    // A month before the end of the shorter grace period of Anna (30 June + 30 days).
    expect((await preview({ date: '2027-07-30' })).body.erasures).toEqual([
      expect.objectContaining({ studentId: ids.ends, eraseOn: '2027-07-30' }),
      expect.objectContaining({ studentId: ids.leftLater }),
    ]);
    await keepUntil(null);
    await gracePeriod(365);
  });

  it('moves with the clock: after 30 June the default is next year and Anna no longer "ends"', async () => {
    await setClock('2027-07-09T10:00:00Z');
    const res = await preview();
    expect(res.body.date).toBe('2028-06-30');
    expect(res.body.ending.map((e: { studentId: string }) => e.studentId)).toEqual([ids.stays]);
    expect(res.body.erasures.map((e: { studentId: string }) => e.studentId).sort()).toEqual(
      [ids.left, ids.leftLater, ids.ends].sort(),
    );
    await setClock('2027-05-10T10:00:00Z');
  });

  it.each([['2027-05-09'], ['2027-02-30'], ['2033-01-01'], ['morgen']])(
    'answers 400 problem+json for the date %s',
    async (date) => {
      const res = await preview({ date });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    },
  );

  it('is 404 for another school', async () => {
    const other = await createInstitution(t.ctx, { name: 'Elders' });
    expect((await agent.get(`/api/v1/institutions/${other.id}/lifecycle/preview`)).status).toBe(
      404,
    );
  });
});

describe('GET /api/v1/institutions/:iid/lifecycle/preview/xlsx', () => {
  it('writes one row per account, co-account and erasure, as text', async () => {
    const res = await agent
      .get(`/api/v1/institutions/${iid}/lifecycle/preview/xlsx`)
      .query({ date: '2027-06-30', locale: 'nl' })
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="schooljaar-2027-06-30.xlsx"',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        cells.push(String(cell.value));
      });
      rows.push(cells);
    });
    expect(ws.name).toBe('Schooljaar');
    expect(rows[0]?.[0]).toBe('Wat');
    expect(rows.slice(1).map((r) => [r[0], r[3], r[7]])).toEqual([
      ['Account wordt inactief', 'Anna', '2027-07-01'],
      ['Co-account stopt', 'Anna', '2027-07-01'],
      ['Gegevens worden gewist', 'Cas', '2027-07-01'],
    ]);
    expect(rows[3]?.[4]).toBe('=Cools');
  });
});

describe('nextSchoolYearEnd', () => {
  it.each([
    ['2027-01-01', '2027-06-30'],
    ['2027-06-30', '2027-06-30'],
    ['2027-07-01', '2028-06-30'],
  ])('%s → %s', (day, end) => expect(nextSchoolYearEnd(day)).toBe(end));
});
