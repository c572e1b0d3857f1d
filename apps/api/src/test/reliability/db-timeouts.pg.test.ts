import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import pg from 'pg';
import type supertest from 'supertest';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../../config.js';
import { createAdmin, createInstitution, createStudent, loginAs } from '../factories.js';
import { createPeerApp, createTestApp, type TestApp } from '../harness.js';

// PostgreSQL only: a second connection holds table locks (as the 20 s lock of the outside test
// did) and the instance's pool is exhausted on purpose. Before the timeouts every request, and
// /api/health, waited for as long as the lock was held.

let t: TestApp;
let iid: string;
let locker: pg.Client;

beforeAll(async () => {
  t = await createTestApp();
  iid = (await createInstitution(t.ctx)).id;
  locker = new pg.Client({ connectionString: t.database.url });
  await locker.connect();
});
afterAll(async () => {
  await locker.end();
  await t.close();
});

/** A second instance on the same database with its own pool and the given timeouts. */
async function instance(timeouts: Partial<DatabaseTimeouts>, poolSize = 10) {
  const peer = await createPeerApp(t, {
    databasePoolSize: poolSize,
    databaseTimeouts: { ...DEFAULT_DATABASE_TIMEOUTS, ...timeouts },
  });
  const admin = await createAdmin(t.ctx, { institutionId: iid });
  const agent = await loginAs(peer.request(), admin.email);
  return { peer, agent };
}

/** Holds `mode` on `table` in the locker's transaction until the returned release is called. */
async function holdLock(table: string, mode = 'ACCESS EXCLUSIVE') {
  await locker.query('begin');
  await locker.query(`lock table ${table} in ${mode} mode`);
  return () => locker.query('rollback');
}

/** Waits until some backend of this database waits for a lock (the request reached it). */
async function someoneWaitsForALock(): Promise<void> {
  for (;;) {
    const r = await locker.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
    );
    if (Number(r.rows[0]!.n) > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function expectTimeoutProblem(res: supertest.Response) {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.headers['retry-after']).toBeTruthy();
  expect(res.body).toMatchObject({ status: 503, code: 'unavailable', reason: 'database_timeout' });
}

describe('database timeouts', () => {
  it('a read behind a held table lock answers 503 with Retry-After (lock_timeout), and /api/health answers meanwhile', async () => {
    const { peer, agent } = await instance({ lockMs: 200 });
    const release = await holdLock('students');
    try {
      const res = await agent.get(`/api/v1/institutions/${iid}/students`);
      expectTimeoutProblem(res);
      const live = await peer.request().get('/api/health');
      expect(live.status).toBe(200);
      expect(live.body.status).toBe('ok');
    } finally {
      await release();
      await peer.close();
    }
    // The pool's connections are usable again after the timeout.
    expect((await t.request().get('/api/health/ready')).status).toBe(200);
  });

  it('statement_timeout cancels a long statement (pg_sleep) and a request waiting beyond it', async () => {
    const { peer, agent } = await instance({ statementMs: 200, lockMs: 600_000 });
    try {
      await expect(sql`select pg_sleep(30)`.execute(peer.db)).rejects.toMatchObject({
        code: '57014',
      });
      const release = await holdLock('students');
      try {
        expectTimeoutProblem(await agent.get(`/api/v1/institutions/${iid}/students`));
      } finally {
        await release();
      }
    } finally {
      await peer.close();
    }
  });

  it('every pool connection carries the configured timeouts', async () => {
    const { peer } = await instance({ statementMs: 4321, lockMs: 1234, idleInTransactionMs: 5678 });
    try {
      const r = await sql<{
        s: string;
        l: string;
        i: string;
      }>`select current_setting('statement_timeout') as s, current_setting('lock_timeout') as l,
                current_setting('idle_in_transaction_session_timeout') as i`.execute(peer.db);
      expect(r.rows[0]).toEqual({ s: '4321ms', l: '1234ms', i: '5678ms' });
    } finally {
      await peer.close();
    }
  });

  it('a transaction left idle is ended by idle_in_transaction_session_timeout', async () => {
    const { peer } = await instance({ idleInTransactionMs: 1000 });
    try {
      await expect(
        peer.db.transaction().execute(async (trx) => {
          await sql`select 1`.execute(trx);
          // Idle inside the transaction until the server ends the session.
          for (;;) {
            const r = await locker.query<{ n: string }>(
              `select count(*) as n from pg_stat_activity
                where datname = current_database() and state = 'idle in transaction'`,
            );
            if (Number(r.rows[0]!.n) === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          await sql`select 1`.execute(trx);
        }),
      ).rejects.toBeTruthy();
      // The pool replaces the ended connection.
      expect((await sql<{ one: number }>`select 1 as one`.execute(peer.db)).rows[0]!.one).toBe(1);
    } finally {
      await peer.close();
    }
  });

  it('bulk creation waits out a lock that reads give up on (generous timeouts for bulk work)', async () => {
    const { peer, agent } = await instance({ lockMs: 200, statementMs: 1000, bulkMs: 60_000 });
    const kids = [];
    for (let i = 0; i < 3; i++) kids.push(await createStudent(t.ctx, iid));
    const release = await holdLock('batches');
    let released = false;
    try {
      const creating = agent.post(`/api/v1/institutions/${iid}/accounts`).send({
        items: kids.map((k) => ({ studentId: k.id, type: 'basic', passwordKind: 'word' })),
      });
      const pending = creating.then((r) => r);
      await someoneWaitsForALock();
      // A read of the same table meanwhile gives up after the short lock_timeout.
      expectTimeoutProblem(
        await agent.get(`/api/v1/institutions/${iid}/batches/00000000-0000-4000-8000-000000000000`),
      );
      await release();
      released = true;
      const res = await pending;
      expect(res.status).toBe(201);
      expect(res.body.counts).toEqual({ basic: 3, advanced: 0 });
    } finally {
      if (!released) await release();
      await peer.close();
    }
  });

  it('a bulk creation that PostgreSQL ends in a deadlock answers 503 database_contention and writes nothing', async () => {
    // Found by an outside review: two schools' bulks claiming each other's new usernames in
    // opposite orders deadlocked, and the one PostgreSQL ended answered 500. The claims now go
    // in username order; here the other side (the locker) takes them out of order on purpose.
    const { peer, agent } = await instance({});
    const first = await createStudent(t.ctx, iid, { first_name: 'Emma', last_name: 'Aadeadlock' });
    const last = await createStudent(t.ctx, iid, { first_name: 'Emma', last_name: 'Zzdeadlock' });
    const other = await createStudent(t.ctx, iid);
    const claim = (name: string) =>
      locker.query(
        'insert into usernames (username, institution_id, student_id) values ($1, $2, $3)',
        [name, iid, other.id],
      );
    await locker.query('begin');
    try {
      await claim('emma.zzdeadlock');
      const pending = agent
        .post(`/api/v1/institutions/${iid}/accounts`)
        .send({
          items: [last, first].map((k) => ({ studentId: k.id, type: 'advanced' })),
        })
        .then((r) => r);
      // The bulk claimed emma.aadeadlock and waits for emma.zzdeadlock; the locker now waits
      // for emma.aadeadlock: PostgreSQL ends the one that waited first, the bulk.
      await someoneWaitsForALock();
      const lockerClaim = claim('emma.aadeadlock');
      const res = await pending;
      await lockerClaim;
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({ code: 'unavailable', reason: 'database_contention' });
      expect(res.body.detail).toMatch(/Er werd niets gewijzigd/);
    } finally {
      await locker.query('rollback');
      await peer.close();
    }
    const accounts = await t.db
      .selectFrom('accounts')
      .select('student_id')
      .where('student_id', 'in', [first.id, last.id])
      .execute();
    expect(accounts).toEqual([]);
  });

  it('an exhausted pool answers 503 with Retry-After after the acquire timeout; liveness answers, readiness names the database', async () => {
    const { peer, agent } = await instance({ acquireMs: 300 }, 2);
    let free!: () => void;
    const gate = new Promise<void>((resolve) => {
      free = resolve;
    });
    const hold = () => peer.db.connection().execute(() => gate);
    const held = [hold(), hold()];
    try {
      expectTimeoutProblem(await agent.get(`/api/v1/institutions/${iid}/students`));
      const live = await peer.request().get('/api/health');
      expect(live.status).toBe(200);
      const ready = await peer.request().get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(ready.headers['retry-after']).toBeTruthy();
      expect(['timeout', 'down']).toContain(ready.body.checks.database);
    } finally {
      free();
      await Promise.all(held);
    }
    expect((await peer.request().get('/api/health/ready')).body).toEqual({
      status: 'ok',
      checks: { database: 'ok' },
    });
    await peer.close();
  });

  it('readiness answers within its budget when the database does not answer at all', async () => {
    // A pool whose acquire timeout is far away: the ping waits, the readiness check does not.
    const { peer } = await instance({ acquireMs: 600_000 }, 2);
    let free!: () => void;
    const gate = new Promise<void>((resolve) => {
      free = resolve;
    });
    const held = [0, 1].map(() => peer.db.connection().execute(() => gate));
    try {
      const ready = await peer.request().get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ code: 'unavailable', checks: { database: 'timeout' } });
    } finally {
      free();
      await Promise.all(held);
      await peer.close();
    }
  });
});
