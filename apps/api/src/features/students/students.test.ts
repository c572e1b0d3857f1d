import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import type supertest from 'supertest';

let t: TestApp;
let iid: string;
let agent: supertest.Agent;
const base = () => `/api/v1/institutions/${iid}`;

beforeAll(async () => {
  t = await createTestApp();
  iid = (await createInstitution(t.ctx)).id;
  const admin = await createAdmin(t.ctx, { institutionId: iid });
  agent = await loginAs(t.request(), admin.email);
  await createStudent(t.ctx, iid, {
    stamnummer: '3362',
    first_name: 'Wilhelmina',
    last_name: 'Daniëls',
    group_name: '2e lj 2e gr Wetenschappen ASO',
  });
  await createStudent(t.ctx, iid, {
    stamnummer: '945',
    first_name: 'Ivica',
    last_name: 'Cauberghs',
    group_name: '1e lj 3e gr Wetenschappen-wiskunde ASO',
  });
  await createStudent(t.ctx, iid, {
    stamnummer: '9451',
    first_name: 'Şükrü',
    last_name: 'Yılmaz',
    group_name: '1e lj 3e gr Wetenschappen-wiskunde ASO',
  });
  await createStudent(t.ctx, iid, {
    stamnummer: '1961',
    first_name: 'Mac',
    last_name: 'Daoust',
    group_name: '2e lj 2e gr Wetenschappen ASO',
    enrolled_until: '2020-08-31',
  });
  for (let i = 0; i < 30; i++) {
    await createStudent(t.ctx, iid, {
      stamnummer: String(70000 + i),
      first_name: `Kind${i}`,
      last_name: 'Peeters',
      group_name: '1ste leerjaar',
    });
  }
});
afterAll(() => t.close());

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
    const asc = await list({ sort: 'stamnummer', order: 'asc' });
    expect(asc.body.items.map((s: { stamnummer: string }) => s.stamnummer)).toEqual([
      '0077',
      '945',
      '50000',
      '101034',
      'A12',
    ]);
    const desc = await list({ sort: 'stamnummer', order: 'desc' });
    expect(desc.body.items.map((s: { stamnummer: string }) => s.stamnummer)).toEqual([
      'A12',
      '101034',
      '50000',
      '945',
      '0077',
    ]);
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

describe('GET /api/v1/institutions/:iid/students/:sid', () => {
  it('returns enrolment and official data with empty account parts', async () => {
    const s = await createStudent(t.ctx, iid, {
      first_name: 'Noor',
      last_name: 'Janssens',
      parent_emails: ['mama@example.be'],
    });
    const res = await agent.get(`${base()}/students/${s.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      firstName: 'Noor',
      lastName: 'Janssens',
      status: 'none',
      account: null,
    });
    expect(res.body.coAccounts).toEqual([
      expect.objectContaining({ slot: 1, email: 'mama@example.be', state: 'registered' }),
      expect.objectContaining({ slot: 2, email: null, state: 'not_registered' }),
    ]);
  });
});

describe('POST /api/v1/institutions/:iid/students', () => {
  it('creates a student and rejects a duplicate stamnummer with 409', async () => {
    const body = {
      stamnummer: '55602',
      firstName: ' Borel ',
      lastName: 'Daelemans',
      group: '1ste leerjaar',
      birthDate: '2016-02-01',
      parentEmails: ['a@example.be', 'A@example.be'],
    };
    const res = await agent.post(`${base()}/students`).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ firstName: 'Borel', parentEmails: ['a@example.be'] });
    const again = await agent.post(`${base()}/students`).send(body);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('stamnummer_taken');
  });

  it.each([
    [{ stamnummer: '1', firstName: 'A\u0000b', lastName: 'X' }, 'body.firstName'],
    [{ stamnummer: '1', firstName: 'A', lastName: '' }, 'body.lastName'],
    [{ stamnummer: '', firstName: 'A', lastName: 'B' }, 'body.stamnummer'],
    [{ stamnummer: '1', firstName: 'A', lastName: 'B', birthDate: '19/03/2007' }, 'body.birthDate'],
    [
      { stamnummer: '1', firstName: 'A', lastName: 'B', parentEmails: ['not-an-email'] },
      'body.parentEmails.0',
    ],
    [{ stamnummer: '1', firstName: 'A', lastName: 'B', isAdmin: true }, 'body.isAdmin'],
    [{ stamnummer: '1', firstName: 'x'.repeat(101), lastName: 'B' }, 'body.firstName'],
  ])('rejects %j naming %s and writes nothing', async (body, path) => {
    const before = await t.db
      .selectFrom('students')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await agent.post(`${base()}/students`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    const after = await t.db
      .selectFrom('students')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('PUT /api/v1/institutions/:iid/students-by-stamnummer/:stamnummer', () => {
  it('creates, then updates, and is idempotent (also through the old …/students/by-stamnummer path)', async () => {
    const body = {
      firstName: 'Aurelian',
      lastName: 'Appels',
      group: '2e lj 3e gr Elektri.installatietechn.TSO',
    };
    const first = await agent.put(`${base()}/students-by-stamnummer/A-77`).send(body);
    expect(first.status).toBe(201);
    const second = await agent.put(`${base()}/students/by-stamnummer/A-77`).send(body);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const changed = await agent
      .put(`${base()}/students/by-stamnummer/A-77`)
      .send({ ...body, group: 'Anders' });
    expect(changed.body.group).toBe('Anders');
    const rows = await t.db
      .selectFrom('students')
      .select('id')
      .where('stamnummer', '=', 'A-77')
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe('PATCH /api/v1/institutions/:iid/students/:sid', () => {
  it('updates fields and keeps search in sync', async () => {
    const s = await createStudent(t.ctx, iid, { first_name: 'Jan', last_name: 'Smet' });
    const res = await agent.patch(`${base()}/students/${s.id}`).send({ lastName: 'De Smét' });
    expect(res.status).toBe(200);
    const found = await agent.get(`${base()}/students`).query({ q: 'de smet' });
    expect(found.body.items.map((x: { id: string }) => x.id)).toContain(s.id);
  });
});
