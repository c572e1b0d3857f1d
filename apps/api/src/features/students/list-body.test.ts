import { beforeAll, describe, expect, it } from '@jest/globals';
import build from 'fast-json-stringify';
import { sql } from 'kysely';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import { studentWithAccount } from '../../test/portal-factories.js';
import { StudentPageSchema, StudentSchema } from './schemas.js';

// The student list's pages are JSON written by PostgreSQL (row_to_json per student, joined in
// order) and list.ts, not by the response schema's serializer (it is the hottest route): every page
// must be byte for byte what the schema's serializer writes. A field the SQL adds, another order,
// another type, another escape or another timestamp format would differ here.

const t = appForFile();
let iid: string;
let agent: supertest.Agent;
const serialize = build(StudentPageSchema as never, {
  schema: { Student: StudentSchema } as never,
});

beforeAll(async () => {
  iid = (await createInstitution(t.ctx)).id;
  agent = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
  // Quotes, escapes, control characters and a name that holds the text each row's JSON starts with.
  const names = [
    'Peeters',
    "d'Hondt",
    'Özdemir "Oz"',
    'Back\\slash',
    '</script>',
    'Nguyễn 😀',
    'x{"id":"y',
    'Bell\u0007\u001f\u007f',
  ];
  for (let i = 0; i < 14; i++) {
    const values = {
      stamnummer: String(500 + i),
      last_name: names[i % names.length]!,
      first_name: ['An', 'Zoë', 'Şükrü', 'Tab\tName'][i % 4]!,
      group_name: ['3A', '4 "B"'][i % 2]!,
      official_first_name: i % 3 ? null : 'Anna',
      gender: i % 4 ? null : 'V',
      birth_date: i % 2 ? null : '2017-03-04',
      enrolled_until: i % 5 === 0 ? '2020-06-30' : null,
      parent_emails: i % 3 === 0 ? [] : ['ouder@example.be', 'tweede@example.be'].slice(0, i % 3),
      locale: i % 2 ? null : ('fr' as const),
    };
    if (i % 4 === 0) await createStudent(t.ctx, iid, values);
    else {
      const s = await studentWithAccount(t.ctx, iid, values, {
        type: i % 2 ? 'basic' : 'advanced',
        blocked: i % 7 === 0,
      });
      if (i % 3 === 1)
        await t.db
          .updateTable('accounts')
          .set({ last_login_at: new Date('2026-11-30T07:45:12.345Z') })
          .where('username', '=', s.username)
          .execute();
      // Microseconds and another zone: truncated to milliseconds, in UTC, as toISOString writes.
      if (i === 13)
        await sql`update accounts set last_login_at = '2026-11-29 23:59:59.999999+01'
          where username = ${s.username}`.execute(t.db);
    }
  }
});

describe('GET /api/v1/institutions/:iid/students: the page as JSON', () => {
  it.each([
    [{}],
    [{ sort: 'firstName', order: 'desc', pageSize: '5' }],
    [{ sort: 'status', pageSize: '3', page: '2' }],
    [{ type: 'none' }],
    [{ status: 'blocked' }],
    [{ q: 'zoë' }],
    [{ group: 'none such' }],
  ])('is what the response schema serializes (%j)', async (query) => {
    const res = await agent.get(`/api/v1/institutions/${iid}/students`).query(query);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text).toBe(serialize(JSON.parse(res.text)));
  });

  it('follows its cursors one student at a time, whatever the names hold', async () => {
    const whole = await agent.get(`/api/v1/institutions/${iid}/students`).query({ pageSize: '50' });
    const expected = (whole.body as { items: Array<{ id: string }> }).items.map((s) => s.id);
    for (const sort of ['lastName', 'firstName', 'stamnummer', 'status']) {
      const all = await agent
        .get(`/api/v1/institutions/${iid}/students`)
        .query({ pageSize: '50', sort });
      const order = (all.body as { items: Array<{ id: string }> }).items.map((s) => s.id);
      const seen: string[] = [];
      let cursor: string | null | undefined;
      for (let i = 0; i < 20 && cursor !== null; i++) {
        const res = await agent
          .get(`/api/v1/institutions/${iid}/students`)
          .query({ pageSize: '1', sort, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        const body = res.body as { items: Array<{ id: string }>; nextCursor: string | null };
        seen.push(...body.items.map((s) => s.id));
        cursor = body.nextCursor;
      }
      expect(seen).toEqual(order);
      expect(new Set(seen)).toEqual(new Set(expected));
    }
  });

  it('saw every kind of row', async () => {
    const res = await agent.get(`/api/v1/institutions/${iid}/students`).query({ pageSize: '50' });
    const items = (res.body as { items: Array<Record<string, unknown>> }).items;
    expect(items).toHaveLength(14);
    expect(new Set(items.map((s) => s.status))).toEqual(
      new Set(['none', 'active', 'inactive', 'blocked']),
    );
    expect(items.some((s) => s.lastLoginAt === '2026-11-30T07:45:12.345Z')).toBe(true);
    expect(items.some((s) => s.lastLoginAt === '2026-11-29T22:59:59.999Z')).toBe(true);
    expect(items.some((s) => (s.parentEmails as string[]).length === 2)).toBe(true);
    // Dates stay the day as text (a Date would pass the serializer comparison as a timestamp).
    expect(new Set(items.map((s) => s.birthDate))).toEqual(new Set(['2017-03-04', null]));
    expect(new Set(items.map((s) => s.enrolledUntil))).toEqual(new Set(['2020-06-30', null]));
  });
});
