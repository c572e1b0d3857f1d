import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import { studentWithAccount } from '../../test/portal-factories.js';

// Keyset paging (issue 21): following `nextCursor` gives exactly the pages `page=1,2,3…` give,
// for every sort and order, with ties on the sort key, on the names, and nulls (no account).

const t = appForFile();
let iid: string;
let agent: supertest.Agent;
const base = () => `/api/v1/institutions/${iid}/students`;
type PageBody = { items: Array<{ id: string }>; total: number; page: number; nextCursor: string };

beforeAll(async () => {
  iid = (await createInstitution(t.ctx)).id;
  agent = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
  const names = ['Peeters', 'Peeters', 'Claes', 'Özdemir', 'de Smet', 'Van Acker', 'Claes'];
  const firsts = ['An', 'An', 'Bram', 'Şükrü', 'An', 'Zoë'];
  for (let i = 0; i < 23; i++) {
    const values = {
      stamnummer: i % 4 === 0 ? `A-${i}` : String(900 + ((i * 37) % 23)),
      last_name: names[i % names.length]!,
      first_name: firsts[i % firsts.length]!,
      group_name: ['3A', '3B', '4A'][i % 3]!,
      enrolled_until: i % 5 === 0 ? '2020-06-30' : '2099-08-31',
    };
    if (i % 3 === 0) await createStudent(t.ctx, iid, values);
    else
      await studentWithAccount(t.ctx, iid, values, {
        type: i % 2 ? 'basic' : 'advanced',
        blocked: i % 7 === 0,
      });
  }
});

async function get(query: Record<string, string>) {
  const res = await agent.get(base()).query(query);
  expect(res.status).toBe(200);
  return res.body as PageBody;
}

describe('GET /api/v1/institutions/:iid/students?cursor=', () => {
  const sorts = ['lastName', 'firstName', 'stamnummer', 'group', 'status', 'type'];
  for (const sort of sorts) {
    for (const order of ['asc', 'desc']) {
      it(`walks the same pages as page numbers (sort=${sort}, order=${order})`, async () => {
        const query = { sort, order, pageSize: '4' };
        const byPage: string[][] = [];
        for (let page = 1; page <= 7; page++)
          byPage.push((await get({ ...query, page: String(page) })).items.map((s) => s.id));
        const byCursor: string[][] = [];
        let body = await get(query);
        byCursor.push(body.items.map((s) => s.id));
        expect(body.page).toBe(1);
        while (body.nextCursor) {
          const page = body.page;
          body = await get({ ...query, cursor: body.nextCursor });
          expect(body.page).toBe(page + 1);
          expect(body.total).toBe(23);
          byCursor.push(body.items.map((s) => s.id));
        }
        expect(byCursor).toEqual(byPage.filter((p) => p.length));
        expect(new Set(byCursor.flat()).size).toBe(23);
      });
    }
  }

  it('keeps the filter while following the cursor', async () => {
    const first = await get({ group: '3B', pageSize: '3' });
    const second = await get({ group: '3B', pageSize: '3', cursor: first.nextCursor });
    const byPage = await get({ group: '3B', pageSize: '3', page: '2' });
    expect(second.items).toEqual(byPage.items);
    expect(second.total).toBe(first.total);
  });

  it('has no next cursor on the last page', async () => {
    const all = await get({ pageSize: '23' });
    expect(all.items).toHaveLength(23);
    expect(all.nextCursor).toBeNull();
  });

  // Cursors are sealed: a hand-made one (an earlier version's plain base64url JSON included)
  // opens nothing, whatever it holds.
  it.each([
    ['garbage', 'not-a-cursor'],
    ['another shape', Buffer.from('{"a":1}').toString('base64url')],
    [
      'a bad id',
      Buffer.from(JSON.stringify(['lastName', 'asc', 2, null, 'a', 'b', 'x'])).toString(
        'base64url',
      ),
    ],
    // U+0000 in a name or the sort key: PostgreSQL refuses it in text (it was a 500).
    ...[
      ['lastName', 'asc', 2, 'A\u0000b', 'A', 'x'],
      ['lastName', 'asc', 2, 'A', 'A\u0000b', 'x'],
      ['lastName', 'asc', 2, 'A', 'A', '\u0000'],
    ].map((v, i) => [
      `a NUL in a name or key (${i + 1})`,
      Buffer.from(JSON.stringify([...v, '00000000-0000-4000-8000-000000000000'])).toString(
        'base64url',
      ),
    ]),
  ])('answers 400 problem+json for %s and changes nothing', async (_, cursor) => {
    const res = await agent.get(base()).query({ cursor });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors[0].path).toBe('querystring.cursor');
  });

  // Value.Convert read these as 2, 10, 16 and 1 (found by an outside test).
  it.each([
    ['page', '2.5'],
    ['pageSize', '10.7'],
    ['page', '0x10'],
    ['page', 'true'],
    ['pageSize', '1e1'],
  ])('answers 400 for %s=%s: an integer is written in digits', async (key, value) => {
    const res = await agent.get(base()).query({ [key]: value });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([`querystring.${key}`]);
  });

  it('answers 400 for a cursor with one character changed', async () => {
    const { nextCursor } = await get({ pageSize: '4' });
    const i = Math.floor(nextCursor.length / 2);
    const changed =
      nextCursor.slice(0, i) + (nextCursor[i] === 'A' ? 'B' : 'A') + nextCursor.slice(i + 1);
    const res = await agent.get(base()).query({ pageSize: '4', cursor: changed });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('querystring.cursor');
  });

  it('answers 400 for a cursor of another filter, and shows no name in it', async () => {
    const first = await get({ group: '3A', pageSize: '2' });
    expect(first.nextCursor).toBeTruthy();
    for (const other of [
      {},
      { group: '3B' },
      { q: 'a' },
      { status: 'active' },
      { type: 'basic' },
    ]) {
      const res = await agent
        .get(base())
        .query({ ...other, pageSize: '2', cursor: first.nextCursor });
      expect({ other, status: res.status }).toEqual({ other, status: 400 });
    }
    // The last row's names travel inside it, sealed: not readable in a URL or an access log.
    const decoded = Buffer.from(first.nextCursor, 'base64url').toString('latin1');
    for (const name of ['Peeters', 'Claes', 'Van Acker', 'de Smet', 'An', 'Bram'])
      expect(decoded).not.toContain(name);
  });

  it("answers 400 for another school's cursor", async () => {
    const first = await get({ pageSize: '2' });
    const other = (await createInstitution(t.ctx)).id;
    const otherAgent = await loginAs(
      t.request(),
      (await createAdmin(t.ctx, { institutionId: other })).email,
    );
    await createStudent(t.ctx, other, { last_name: 'Anders' });
    await createStudent(t.ctx, other, { last_name: 'Bekers' });
    await createStudent(t.ctx, other, { last_name: 'Claes' });
    const own = await otherAgent
      .get(`/api/v1/institutions/${other}/students`)
      .query({ pageSize: '2' });
    expect(own.status).toBe(200);
    expect(own.body.nextCursor).toBeTruthy();
    const res = await otherAgent
      .get(`/api/v1/institutions/${other}/students`)
      .query({ pageSize: '2', cursor: first.nextCursor });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('querystring.cursor');
  });

  it("follows a cursor when the school's id is written in capitals: the same school", async () => {
    const first = await get({ pageSize: '4' });
    const res = await agent
      .get(`/api/v1/institutions/${iid.toUpperCase()}/students`)
      .query({ pageSize: '4', cursor: first.nextCursor });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual((await get({ pageSize: '4', page: '2' })).items);
  });

  it('answers 400 for a cursor of another sort or order', async () => {
    const first = await get({ sort: 'firstName', pageSize: '2' });
    const res = await agent.get(base()).query({ sort: 'lastName', cursor: first.nextCursor });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('querystring.cursor');
  });

  it('words a refused cursor in the asked language', async () => {
    const first = await get({ sort: 'firstName', pageSize: '2' });
    const sorted = await agent
      .get(base())
      .set('Accept-Language', 'fr')
      .query({ sort: 'lastName', cursor: first.nextCursor });
    expect(sorted.body.errors).toEqual([
      {
        path: 'querystring.cursor',
        code: 'cursor_of_other_sort',
        message: 'Appartient à sort=firstName&order=asc.',
      },
    ]);
    const garbage = await agent.get(base()).query({ cursor: 'not-a-cursor' });
    expect(garbage.body.errors).toEqual([
      {
        path: 'querystring.cursor',
        code: 'cursor_not_of_this_list',
        message: 'Is geen nextCursor van deze lijst.',
      },
    ]);
  });
});

// Students that leave the filter while a tool pages through it, or a page size changed on the
// way: following nextCursor still reaches every student that did not change (an outside test
// found the walk ending early, its count of pages ahead of the rows it had passed).
describe('following nextCursor while the list changes', () => {
  let school: string;
  let schoolAgent: supertest.Agent;
  const list = async (query: Record<string, string>) => {
    const res = await schoolAgent.get(`/api/v1/institutions/${school}/students`).query(query);
    expect(res.status).toBe(200);
    return res.body as PageBody;
  };
  /** Every id after `from`, following nextCursor with `query`. */
  const walk = async (from: PageBody, query: Record<string, string>) => {
    const seen: string[] = [];
    let body = from;
    while (body.nextCursor) {
      body = await list({ ...query, cursor: body.nextCursor });
      seen.push(...body.items.map((s) => s.id));
    }
    return seen;
  };

  beforeAll(async () => {
    school = (await createInstitution(t.ctx)).id;
    schoolAgent = await loginAs(
      t.request(),
      (await createAdmin(t.ctx, { institutionId: school })).email,
    );
    for (let i = 0; i < 40; i++)
      await createStudent(t.ctx, school, {
        last_name: `Naam${String(i).padStart(2, '0')}`,
        group_name: '5A',
      });
  });

  it('students of the first page leave the filter: the rest all come', async () => {
    const query = { group: '5A', pageSize: '10' };
    const first = await list(query);
    expect(first.total).toBe(40);
    // The whole first page leaves: the count of pages is then one page ahead of the rows.
    const leaving = first.items.map((s) => s.id);
    await t.db
      .updateTable('students')
      .set({ group_name: '5B' })
      .where('id', 'in', leaving)
      .execute();
    const rest = await walk(first, query);
    expect(rest).toHaveLength(30);
    expect(new Set(rest).size).toBe(30);
    expect(rest.some((id) => first.items.some((s) => s.id === id))).toBe(false);
    await t.db
      .updateTable('students')
      .set({ group_name: '5A' })
      .where('id', 'in', leaving)
      .execute();
  });

  it('a larger page size on the way: the rest all come', async () => {
    const first = await list({ group: '5A', pageSize: '4' });
    const rest = await walk(first, { group: '5A', pageSize: '20' });
    expect(rest).toHaveLength(36);
    const all = new Set([...first.items.map((s) => s.id), ...rest]);
    expect(all.size).toBe(40);
  });
});
