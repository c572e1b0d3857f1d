import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { createTestApp } from '../../test/harness.js';
import { csv, upload } from '../../test/imports-support.js';
import { appForFile } from '../../test/per-file.js';
import { studentWithAccount } from '../../test/portal-factories.js';
import { brusselsDate } from '../../platform/time/index.js';

// The list's total is kept per school, filter, data version and date instead of being counted on
// every request (issue 21). These tests hold it against a count made here, in JavaScript, over
// the school's rows, after every kind of change: kept totals must be exact, never estimates.
// The page cache is off, so what is checked is the kept total itself.

const t = appForFile(() => createTestApp({ listCacheBytes: 0 }));
let iid: string;
let agent: supertest.Agent;

const FILTERS: Array<Record<string, string>> = [
  {},
  { group: '3A' },
  { group: '3B' },
  { status: 'none' },
  { status: 'active' },
  { status: 'inactive' },
  { status: 'blocked' },
  { type: 'basic' },
  { type: 'advanced' },
  { type: 'none' },
  { group: '3A', status: 'active' },
  { q: 'jans' },
];

async function listTotal(filter: Record<string, string>) {
  const res = await agent
    .get(`/api/v1/institutions/${iid}/students`)
    .query({ ...filter, pageSize: '1' });
  expect(res.status).toBe(200);
  return (res.body as { total: number }).total;
}

/** The truth, computed apart from the SQL under test. */
async function truth(filter: Record<string, string>) {
  const today = brusselsDate(t.clock.now);
  const rows = await t.db
    .selectFrom('students as s')
    .leftJoin('accounts as a', 'a.student_id', 's.id')
    .select(['s.group_name', 's.last_name', 's.enrolled_until', 'a.type', 'a.blocked_at'])
    .select(sql<boolean>`a.student_id is not null`.as('has_account'))
    .where('s.institution_id', '=', iid)
    .execute();
  return rows.filter((r) => {
    const status = !r.has_account
      ? 'none'
      : r.blocked_at
        ? 'blocked'
        : r.enrolled_until !== null && r.enrolled_until < today
          ? 'inactive'
          : 'active';
    if (filter.group && r.group_name !== filter.group) return false;
    if (filter.status && status !== filter.status) return false;
    if (filter.type && (r.type ?? 'none') !== filter.type) return false;
    if (filter.q && !r.last_name.toLowerCase().includes(filter.q)) return false;
    return true;
  }).length;
}

async function expectExact() {
  for (const filter of FILTERS) {
    expect({ filter, total: await listTotal(filter) }).toEqual({
      filter,
      total: await truth(filter),
    });
  }
}

beforeAll(async () => {
  iid = (await createInstitution(t.ctx)).id;
  agent = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
  for (let i = 0; i < 6; i++)
    await createStudent(t.ctx, iid, { group_name: i % 2 ? '3A' : '3B', last_name: `Jans${i}` });
  await studentWithAccount(t.ctx, iid, { group_name: '3A' }, { type: 'advanced' });
  await studentWithAccount(t.ctx, iid, { group_name: '3B' }, { blocked: true });
});

describe('GET /api/v1/institutions/:iid/students total (kept per data version)', () => {
  it('is kept: a change the version does not see leaves the total as it was', async () => {
    await expectExact();
    const before = await listTotal({ group: '3A' });
    // Bypassing the triggers (replication role) does not move the version: the kept total stays.
    await t.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await createStudent({ ...t.ctx, db: trx }, iid, { group_name: '3A' });
    });
    expect(await listTotal({ group: '3A' })).toBe(before);
    // Any change the triggers see moves the version, and the totals are counted again.
    await createStudent(t.ctx, iid, { group_name: '3B' });
    await expectExact();
  });

  it('stays exact through an import (new students, changed groups, leavers ended)', async () => {
    await expectExact();
    const rows = ['stamnummer;voornaam;naam;klas'];
    for (let i = 0; i < 15; i++) rows.push(`IMP-${i};Kim;Jansen${i};${i % 3 ? '3A' : '3C'}`);
    const preview = await upload(agent, iid, csv(rows));
    expect(preview.status).toBe(201);
    const commit = await agent
      .post(`/api/v1/institutions/${iid}/imports/${preview.body.id}/commit`)
      .send({ leavers: 'keep' });
    expect(commit.status).toBe(200);
    await expectExact();
    // The same list with a different group for some: they move between the group totals.
    const moved = rows.map((r, i) => (i && i % 2 ? r.replace(/;3[AC]$/, ';3B') : r));
    const second = await upload(agent, iid, csv(moved));
    expect(second.status).toBe(201);
    expect(
      (
        await agent
          .post(`/api/v1/institutions/${iid}/imports/${second.body.id}/commit`)
          .send({ leavers: 'keep' })
      ).status,
    ).toBe(200);
    await expectExact();
  });

  it('stays exact through bulk account creation, blocking and deletions', async () => {
    await expectExact();
    const ids = (
      await t.db
        .selectFrom('students as s')
        .leftJoin('accounts as a', 'a.student_id', 's.id')
        .select('s.id')
        .where('s.institution_id', '=', iid)
        .where('a.student_id', 'is', null)
        .limit(8)
        .execute()
    ).map((r) => r.id);
    const created = await agent
      .post(`/api/v1/institutions/${iid}/accounts`)
      .set('Idempotency-Key', `totals-${iid}`)
      .send({
        items: ids.map((studentId, i) => ({
          studentId,
          type: i % 2 ? 'advanced' : 'basic',
          passwordKind: i % 2 ? 'temporary' : 'word',
        })),
      });
    expect(created.status).toBe(201);
    await expectExact();
    const blocked = await agent
      .post(`/api/v1/institutions/${iid}/students/${ids[0]}/account/block`)
      .send({});
    expect(blocked.status).toBe(200);
    await expectExact();
    // Deletions (as the erasure of a leaver, or another instance, would do them).
    await t.db.deleteFrom('accounts').where('student_id', '=', ids[1]!).execute();
    await expectExact();
    await t.db.deleteFrom('students').where('id', 'in', [ids[2]!, ids[3]!]).execute();
    await expectExact();
  });

  it('follows the date: the day after an enrolment ends, active turns inactive', async () => {
    const endsToday = brusselsDate(t.clock.now);
    await studentWithAccount(t.ctx, iid, { group_name: '3A', enrolled_until: endsToday }, {});
    await expectExact();
    const active = await listTotal({ status: 'active' });
    const inactive = await listTotal({ status: 'inactive' });
    // No write at all: only the date moves.
    t.clock.advance(86_400_000 + 1);
    agent = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
    expect(await listTotal({ status: 'active' })).toBe(active - 1);
    expect(await listTotal({ status: 'inactive' })).toBe(inactive + 1);
    await expectExact();
  });

  it('stays exact when transactions roll back, also a refused bulk creation', async () => {
    await expectExact();
    const before = await listTotal({});
    await expect(
      t.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 5; i++)
          await createStudent({ ...t.ctx, db: trx }, iid, { group_name: '3A' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await listTotal({})).toBe(before);
    const refused = await agent
      .post(`/api/v1/institutions/${iid}/accounts`)
      .set('Idempotency-Key', `refused-${iid}`)
      .send({ items: [{ studentId: '00000000-0000-4000-8000-000000000000', type: 'basic' }] });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await expectExact();
  });

  it('stays exact when a list is read while another transaction is open and then rolls back', async () => {
    // Two connections are needed: PGlite has one, so this runs on PostgreSQL only.
    if (!t.database.url) return;
    await expectExact();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const wrote = new Promise<void>((resolve) => (inserted = resolve));
    const trx = t.db
      .transaction()
      .execute(async (trx) => {
        await createStudent({ ...t.ctx, db: trx }, iid, { group_name: '3A' });
        inserted();
        await held;
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await wrote;
    await expectExact(); // the open insert is not counted (nor kept) by anyone else
    release();
    await trx;
    await expectExact();
  });
});
