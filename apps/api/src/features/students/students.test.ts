import { beforeAll, describe, expect, it } from '@jest/globals';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import type supertest from 'supertest';

// Lists of students: search, filters, sorting, paging; the groups. One student at a time:
// student-record.test.ts.

const t = appForFile();
let iid: string;
let agent: supertest.Agent;
const base = () => `/api/v1/institutions/${iid}`;

const SECOND = '2e lj 2e gr Wetenschappen ASO';
const FIRST = '1e lj 3e gr Wetenschappen-wiskunde ASO';
/** The students the searches look for (Mac's enrolment has ended); 30 Peeters besides. */
const NAMED: Parameters<typeof createStudent>[2][] = [
  { stamnummer: '3362', first_name: 'Wilhelmina', last_name: 'Daniëls', group_name: SECOND },
  { stamnummer: '945', first_name: 'Ivica', last_name: 'Cauberghs', group_name: FIRST },
  { stamnummer: '9451', first_name: 'Şükrü', last_name: 'Yılmaz', group_name: FIRST },
  {
    stamnummer: '1961',
    first_name: 'Mac',
    last_name: 'Daoust',
    group_name: SECOND,
    enrolled_until: '2020-08-31',
  },
];

beforeAll(async () => {
  iid = (await createInstitution(t.ctx)).id;
  const admin = await createAdmin(t.ctx, { institutionId: iid });
  agent = await loginAs(t.request(), admin.email);
  for (const named of NAMED) await createStudent(t.ctx, iid, named);
  for (let i = 0; i < 30; i++) {
    await createStudent(t.ctx, iid, {
      stamnummer: String(70000 + i),
      first_name: `Kind${i}`,
      last_name: 'Peeters',
      group_name: '1ste leerjaar',
    });
  }
});

describe('GET /api/v1/institutions/:iid/students', () => {
  it('finds names regardless of case and accents', async () => {
    const res = await agent.get(`${base()}/students`).query({ q: 'daniels' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { lastName: string }) => s.lastName)).toEqual(['Daniëls']);
    const turkish = await agent.get(`${base()}/students`).query({ q: 'SUKRU yilmaz' });
    expect(turkish.body.items.map((s: { firstName: string }) => s.firstName)).toEqual(['Şükrü']);
  });

  it('matches stamnummer exactly or by prefix', async () => {
    const res = await agent.get(`${base()}/students`).query({ q: '945' });
    expect(res.body.items.map((s: { stamnummer: string }) => s.stamnummer).sort()).toEqual([
      '945',
      '9451',
    ]);
  });

  it('filters by group and status, sorts and pages with a total', async () => {
    const group = await agent.get(`${base()}/students`).query({
      group: '1e lj 3e gr Wetenschappen-wiskunde ASO',
      sort: 'stamnummer',
      order: 'desc',
    });
    expect(group.body.total).toBe(2);
    expect(group.body.items.map((s: { stamnummer: string }) => s.stamnummer)).toEqual([
      '9451',
      '945',
    ]);
    const page2 = await agent
      .get(`${base()}/students`)
      .query({ group: '1ste leerjaar', sort: 'firstName', pageSize: 10, page: 2 });
    expect(page2.body).toMatchObject({ total: 30, page: 2, pageSize: 10 });
    expect(page2.body.items).toHaveLength(10);
    const none = await agent.get(`${base()}/students`).query({ status: 'none', pageSize: 1 });
    expect(none.body.total).toBe(34);
    expect(none.body.items[0]).toMatchObject({ status: 'none', accountType: null, username: null });
    const active = await agent.get(`${base()}/students`).query({ status: 'active' });
    expect(active.body.total).toBe(0);
  });

  it('sorts names and groups the way people read them, whatever the database locale', async () => {
    const school = (await createInstitution(t.ctx)).id;
    const admin = await createAdmin(t.ctx, { institutionId: school });
    const reader = await loginAs(t.request(), admin.email);
    const names: Array<[string, string]> = [
      ['Zwartjes', '2B'],
      ['Özdemir', 'Ééndaagse'],
      ['de Smet', '1A'],
      ['Oosterlinck', 'eerste leerjaar'],
      ['Bäßler', '2B'],
      ['Bogdan', '1A'],
      ['Baert', 'Zesde'],
      ['Van Acker', '2B'],
    ];
    for (const [last, group] of names)
      await createStudent(t.ctx, school, { last_name: last, group_name: group });
    const byName = await reader
      .get(`/api/v1/institutions/${school}/students`)
      .query({ sort: 'lastName' });
    expect(byName.body.items.map((s: { lastName: string }) => s.lastName)).toEqual([
      'Baert',
      'Bäßler',
      'Bogdan',
      'de Smet',
      'Oosterlinck',
      'Özdemir',
      'Van Acker',
      'Zwartjes',
    ]);
    const groups = await reader.get(`/api/v1/institutions/${school}/groups`);
    expect(groups.body.map((g: { name: string }) => g.name)).toEqual([
      '1A',
      '2B',
      'Ééndaagse',
      'eerste leerjaar',
      'Zesde',
    ]);
  });

  it('treats LIKE wildcards in the search as text', async () => {
    const res = await agent.get(`${base()}/students`).query({ q: '%' });
    expect(res.body.total).toBe(0);
  });

  it.each([
    [{ unknown: '1' }, 'querystring.unknown'],
    [{ pageSize: '0' }, 'querystring.pageSize'],
    [{ pageSize: '100000' }, 'querystring.pageSize'],
    [{ page: 'abc' }, 'querystring.page'],
    [{ status: 'deleted' }, 'querystring.status'],
    [{ sort: 'password' }, 'querystring.sort'],
    [{ q: 'x'.repeat(101) }, 'querystring.q'],
  ])('rejects %j with a 400 naming %s', async (query, path) => {
    const res = await agent.get(`${base()}/students`).query(query);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('GET /api/v1/institutions/:iid/students: stamnummer order and forgiving search', () => {
  let school: string;
  let admin: supertest.Agent;
  beforeAll(async () => {
    school = (await createInstitution(t.ctx, { name: 'Zoekschool' })).id;
    admin = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: school })).email);
    for (const [stamnummer, first, last] of [
      ['101034', 'Jan', "D'Hondt"],
      ['50000', 'Lotte', 'Vanden-Broeck'],
      ['945', 'Ivica', 'Cauberghs'],
      ['A12', 'Eben-Ezer', 'Charneux'],
      ['0077', 'Sara', 'O’Neill'],
    ])
      await createStudent(t.ctx, school, { stamnummer, first_name: first, last_name: last });
  });
  const list = (query: Record<string, string>) =>
    admin.get(`/api/v1/institutions/${school}/students`).query(query);

  it('sorts numeric stamnummers as numbers, others after them', async () => {
    const stamnummers = async (order: string) =>
      (await list({ sort: 'stamnummer', order })).body.items.map(
        (s: { stamnummer: string }) => s.stamnummer,
      );
    const ascending = ['0077', '945', '50000', '101034', 'A12'];
    expect(await stamnummers('asc')).toEqual(ascending);
    expect(await stamnummers('desc')).toEqual([...ascending].reverse());
  });

  it.each([
    ['dhondt', "D'Hondt"],
    ["d'hondt", "D'Hondt"],
    ['D’HONDT', "D'Hondt"],
    ['vandenbroeck', 'Vanden-Broeck'],
    ['vanden broeck', 'Vanden-Broeck'],
    ['oneill sara', 'O’Neill'],
    ['ebenezer', 'Charneux'],
  ])('finds %s ignoring punctuation', async (q, lastName) => {
    const res = await list({ q });
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { lastName: string }) => s.lastName)).toEqual([lastName]);
  });

  it('finds a student by (the start of) the username', async () => {
    const student = (await list({ q: 'cauberghs' })).body.items[0];
    const made = await admin
      .post(`/api/v1/institutions/${school}/accounts`)
      .set('Idempotency-Key', `search-${school}`)
      .send({ items: [{ studentId: student.id, type: 'advanced', username: 'ivi.c-2009' }] });
    expect(made.status).toBe(201);
    for (const q of ['ivi.c-2009', 'IVI.C', 'ivi.c-2009 ']) {
      const res = await list({ q });
      expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([student.id]);
    }
    // A username search never reaches another school's students.
    expect((await agent.get(`${base()}/students`).query({ q: 'ivi.c-2009' })).body.total).toBe(0);
  });

  it('finds stamnummers with their punctuation (names are compared without it)', async () => {
    await createStudent(t.ctx, school, {
      stamnummer: 'E2E-101',
      first_name: 'Noor',
      last_name: 'Wuyts',
    });
    for (const q of ['E2E-10', 'e2e-101']) {
      const res = await list({ q });
      expect(res.body.items.map((s: { stamnummer: string }) => s.stamnummer)).toEqual(['E2E-101']);
    }
    // A query of punctuation alone matches no name through an empty key.
    expect((await list({ q: '-' })).body.total).toBe(0);
  });
});

describe('GET /api/v1/institutions/:iid/groups', () => {
  it('lists groups with counts', async () => {
    const res = await agent.get(`${base()}/groups`);
    expect(res.body).toEqual(
      expect.arrayContaining([
        { name: '1ste leerjaar', count: 30 },
        { name: '2e lj 2e gr Wetenschappen ASO', count: 2 },
      ]),
    );
  });
});
