import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { schoolWithAdmin } from '../../test/imports-support.js';
import { appForFile } from '../../test/per-file.js';
import { brusselsDate } from '../../platform/time/index.js';

const t = appForFile();

const base = (iid: string) => `/api/v1/institutions/${iid}`;

/**
 * The feed shows only transactions older than every one still running in the database cluster
 * (other test files run at the same time): wait until every transaction that began before this
 * call has ended. PGlite has one connection, so it is settled at once.
 */
async function settle() {
  const mark = await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(t.db);
  const xid = mark.rows[0]!.xid;
  for (let i = 0; i < 600; i++) {
    const r = await sql<{
      ok: boolean;
    }>`select pg_snapshot_xmin(pg_current_snapshot()) > ${xid}::xid8 as ok`.execute(t.db);
    if (r.rows[0]!.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('a transaction elsewhere stayed open for 30 s');
}

async function school() {
  const { iid, agent } = await schoolWithAdmin(t);
  const key = await agent
    .post(`${base(iid)}/api-keys`)
    .send({ name: 'Kopie', scope: 'read-write' });
  const api = () => t.request().set('Authorization', `Bearer ${key.body.token}`);
  return { iid, agent, api };
}

const LIST = [
  { stamnummer: '1', firstName: 'Noor', lastName: 'Janssens', group: '3A' },
  { stamnummer: '2', firstName: 'Milan', lastName: 'Peeters', group: '3A' },
];

/** A school whose students came in through the sync, and its feed once that has settled. */
async function syncedSchool(students: object[] = LIST) {
  const s = await school();
  await s
    .api()
    .put(`${base(s.iid)}/students`)
    .send({ students });
  await settle();
  return { ...s, first: await s.api().get(`${base(s.iid)}/events`) };
}

describe('GET /api/v1/institutions/:iid/events', () => {
  it('feeds creations, changes and deactivations once, in commit order, behind a cursor', async () => {
    const { iid, agent, api, first } = await syncedSchool();
    expect(first.status).toBe(200);
    expect(first.body.hasMore).toBe(false);
    expect(
      first.body.items
        .map((e: { change: string; student: { stamnummer: string } }) => [
          e.change,
          e.student.stamnummer,
        ])
        .sort(),
    ).toEqual([
      ['created', '1'],
      ['created', '2'],
    ]);
    const noor = first.body.items.find(
      (e: { student: { stamnummer: string } }) => e.student.stamnummer === '1',
    );

    // Nothing new: an empty page that keeps the place; the same list again changes nothing.
    await api()
      .put(`${base(iid)}/students`)
      .send({ students: LIST });
    await settle();
    const idle = await api()
      .get(`${base(iid)}/events`)
      .query({ after: first.body.nextCursor });
    expect(idle.body).toEqual({ items: [], nextCursor: first.body.nextCursor, hasMore: false });

    await api()
      .post(`${base(iid)}/accounts`)
      .set('Idempotency-Key', 'events-test-0001')
      .send({ items: [{ studentId: noor.studentId, type: 'basic' }] });
    await agent.post(`${base(iid)}/students/${noor.studentId}/account/block`).send({});
    await api()
      .put(`${base(iid)}/students`)
      .send({ students: [LIST[0], { ...LIST[1], group: '4A' }] });
    await settle();
    const next = await api()
      .get(`${base(iid)}/events`)
      .query({ after: first.body.nextCursor, limit: 1 });
    expect(next.body.items).toHaveLength(1);
    expect(next.body.hasMore).toBe(true);
    await settle();
    const rest = await api()
      .get(`${base(iid)}/events`)
      .query({ after: next.body.nextCursor });
    const changes = [...next.body.items, ...rest.body.items].map(
      (e: {
        entity: string;
        change: string;
        account?: { blocked: boolean };
        student?: { group: string };
      }) => [e.entity, e.change, e.account?.blocked ?? e.student?.group],
    );
    expect(changes).toEqual([
      ['account', 'deactivated', true],
      ['student', 'changed', '4A'],
    ]);
  });

  it('an erased student comes once as `erased`, with no data, and its earlier entries are gone', async () => {
    const { iid, agent, api, first } = await syncedSchool();
    const milan = first.body.items.find(
      (e: { student: { stamnummer: string } }) => e.student.stamnummer === '2',
    );
    const erase = await agent
      .post(`${base(iid)}/students/${milan.studentId}/erase`)
      .send({ confirmation: 'Milan Peeters' });
    expect(erase.status).toBe(200);
    await settle();
    const after = await api()
      .get(`${base(iid)}/events`)
      .query({ after: first.body.nextCursor });
    expect(after.body.items).toEqual([
      { entity: 'student', change: 'erased', studentId: milan.studentId },
    ]);
    // From the start: Noor as created, Milan only as erased (no name of an erased child).
    await settle();
    const all = await api().get(`${base(iid)}/events`);
    expect(all.body.items.map((e: { change: string }) => e.change).sort()).toEqual([
      'created',
      'erased',
    ]);
    expect(JSON.stringify(all.body)).not.toContain('Peeters');
    // Another school's feed never shows it.
    const other = await school();
    await settle();
    const foreign = await other.api().get(`${base(other.iid)}/events`);
    expect(foreign.body.items).toEqual([]);
  });

  it('an enrolment that ends by the calendar comes once as deactivated (the hourly job)', async () => {
    const day = (offset: number) =>
      brusselsDate(new Date(t.clock.now.getTime() + offset * 86_400_000));
    const { iid, agent, api, first } = await syncedSchool([
      { ...LIST[0], enrolledUntil: day(1) },
      LIST[1]!,
    ]);
    const milan = first.body.items.find(
      (e: { student: { stamnummer: string } }) => e.student.stamnummer === '2',
    );
    // Milan's end written in the past: that write is his deactivation; the job adds nothing.
    await agent
      .patch(`${base(iid)}/students/${milan.studentId}`)
      .send({ enrolledUntil: '2020-06-30' });
    const job = (dryRun: boolean) => t.app.scheduler.runByHand('feed-enrolment-ends', dryRun);
    expect(await job(false)).toMatchObject({ counts: { enrolmentEnds: 0 } });
    t.clock.advance(2 * 86_400_000);
    expect(await job(true)).toMatchObject({ counts: { enrolmentEnds: 1 } });
    await job(false);
    expect(await job(true)).toMatchObject({ counts: { enrolmentEnds: 0 } });
    await settle();
    const after = await api()
      .get(`${base(iid)}/events`)
      .query({ after: first.body.nextCursor });
    expect(
      after.body.items.map((e: { change: string; student: { stamnummer: string } }) => [
        e.change,
        e.student.stamnummer,
      ]),
    ).toEqual([
      ['deactivated', '2'],
      ['deactivated', '1'],
    ]);
  });

  it('refuses bad cursors and limits with problem+json, and keys of another school with 404', async () => {
    const { iid, api } = await school();
    const other = await school();
    const bad = [
      { after: 'bm90LWEtY3Vyc29y' },
      { after: Buffer.from('e1:1.0.zzz').toString('base64url') },
      // Past the largest transaction id (an xid8), and just past it.
      ...['99999999999999999999', '18446744073709551616'].map((xid) => ({
        after: Buffer.from(`e1:${xid}.0.03adb163-cc4f-468b-8cc8-76dd7d0b1b4d`).toString(
          'base64url',
        ),
      })),
      { after: 'a\u0000b' },
      { after: 'line\nbreak' },
      { after: 'x'.repeat(201) },
      { limit: '100000' },
      { limit: '0' },
      { limit: 'many' },
    ];
    for (const query of bad) {
      await settle();
      const res = await api()
        .get(`${base(iid)}/events`)
        .query(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    await settle();
    const foreign = await other.api().get(`${base(iid)}/events`);
    expect(foreign.status).toBe(404);
  });

  it("refuses a cursor of another school's feed or one changed by hand, and still takes the first version's", async () => {
    const a = await syncedSchool();
    const b = await syncedSchool([{ stamnummer: '9', firstName: 'Lore', lastName: 'Maes' }]);
    const cursorOfA = a.first.body.nextCursor as string;
    expect(Buffer.from(cursorOfA, 'base64url').toString('latin1')).toMatch(/^e2:/);
    // The same position in B's feed would have skipped B's changes made before it (or repeated
    // them): refused, like any cursor that is not B's.
    const last = cursorOfA.at(-1) === 'A' ? 'B' : 'A';
    for (const after of [cursorOfA, cursorOfA.slice(0, -1) + last, `${cursorOfA}A`]) {
      const res = await b
        .api()
        .get(`${base(b.iid)}/events`)
        .query({ after });
      expect({ after, status: res.status }).toEqual({ after, status: 400 });
      expect(res.body.errors).toEqual([
        { path: 'querystring.after', message: "not a cursor of this school's feed" },
      ]);
    }
    const again = await a
      .api()
      .get(`${base(a.iid)}/events`)
      .query({ after: cursorOfA });
    expect(again.body).toEqual({ items: [], nextCursor: cursorOfA, hasMore: false });
    // A cursor of the first version, stored by a tool before the upgrade: its position is read
    // as it was, and the next cursor is of the current version.
    const legacy = Buffer.from('e1:0.0.00000000-0000-0000-0000-000000000000').toString('base64url');
    const fromLegacy = await b
      .api()
      .get(`${base(b.iid)}/events`)
      .query({ after: legacy });
    expect(fromLegacy.status).toBe(200);
    expect(fromLegacy.body).toEqual(b.first.body);
    // One made up past every transaction the database has handed out would come back signed,
    // past every change to come: refused.
    const future = Buffer.from('e1:99999999999999.0.ffffffff-ffff-ffff-ffff-ffffffffffff').toString(
      'base64url',
    );
    const refused = await b
      .api()
      .get(`${base(b.iid)}/events`)
      .query({ after: future });
    expect([refused.status, refused.body.code]).toEqual([400, 'validation_failed']);
  });
});
