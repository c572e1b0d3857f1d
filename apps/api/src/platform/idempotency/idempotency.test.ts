import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type supertest from 'supertest';
import { AppError } from '../errors/app-error.js';
import { SecretBox } from '../security/secret-box.js';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { createPeerApp, createTestApp, type TestApp } from '../../test/harness.js';
import { begin, LEASE_MS, type Claimed } from './service.js';

// Two instances on one database (their own pools on PostgreSQL) and one clock that the test
// moves: a "killed" holder is one that stops renewing its lease.

let a: TestApp;
let b: TestApp;
let iid: string;
let agentB: supertest.Agent;
let n = 0;
const newKey = () => `lease-test-${++n}-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  a = await createTestApp();
  b = await createPeerApp(a);
  iid = (await createInstitution(a.ctx)).id;
  agentB = await loginAs(b.request(), (await createAdmin(a.ctx, { institutionId: iid })).email);
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const body = { items: [{ studentId: 'x', type: 'basic' }] };

async function claimOn(t: TestApp, key: string, payload: unknown = body): Promise<Claimed> {
  const r = await begin(t.ctx, iid, key, 'POST accounts', payload, 10);
  if (r.replay) throw new Error('expected a claim, got a replay');
  return r;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('Idempotency-Key lease', () => {
  it('a retry takes over a key whose holder died once its lease lapsed, and the dead holder cannot finish', async () => {
    const key = newKey();
    const dead = await claimOn(a, key);
    await dead.progress(5);
    // Before the lease lapses the key is still the holder's.
    a.clock.advance(LEASE_MS - 1000);
    const early = await refusal(begin(b.ctx, iid, key, 'POST accounts', body, 10));
    expect(early.status).toBe(409);
    expect(early.extra).toMatchObject({ progress: { done: 5, total: 10 } });
    // Said in every language, not only the title "Conflict" (found by an outside test).
    expect(early.localized?.nl).toMatch(/wordt nog verwerkt/);
    expect(early.localized?.fr).toMatch(/encore en cours/);
    // The holder was killed: nobody renews. After the lease the retry takes over and starts again.
    a.clock.advance(2000);
    const retry = await claimOn(b, key);
    const row = await a.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'processing', progress_done: 0 });
    // Should the old holder come back, it can neither renew nor store an answer.
    expect(await dead.renew()).toBe(false);
    const late = await refusal(
      a.db.transaction().execute((trx) => dead.finish(trx, 201, { from: 'dead' }, [])),
    );
    expect(late.status).toBe(409);
    await b.db.transaction().execute((trx) => retry.finish(trx, 201, { from: 'retry' }, []));
    const replay = await begin(a.ctx, iid, key, 'POST accounts', body, 10);
    expect(replay).toEqual({ replay: true, status: 201, body: { from: 'retry' } });
  });

  it('a slow holder that renews its lease is never overtaken', async () => {
    const key = newKey();
    const slow = await claimOn(a, key);
    for (let i = 0; i < 5; i++) {
      a.clock.advance(LEASE_MS - 1000);
      expect(await slow.renew()).toBe(true);
      const other = await refusal(begin(b.ctx, iid, key, 'POST accounts', body, 10));
      expect(other.status).toBe(409);
    }
    await a.db.transaction().execute((trx) => slow.finish(trx, 201, { from: 'slow' }, []));
    expect(await begin(b.ctx, iid, key, 'POST accounts', body, 10)).toEqual({
      replay: true,
      status: 201,
      body: { from: 'slow' },
    });
  });

  it('progress reports renew the lease', async () => {
    const key = newKey();
    const working = await claimOn(a, key);
    a.clock.advance(LEASE_MS - 1000);
    await working.progress(3);
    a.clock.advance(LEASE_MS - 1000);
    expect((await refusal(begin(b.ctx, iid, key, 'POST accounts', body, 10))).status).toBe(409);
    await working.abandon();
  });

  it('of two retries after a lapse exactly one takes over', async () => {
    const key = newKey();
    await claimOn(a, key);
    a.clock.advance(LEASE_MS + 1);
    const results = await Promise.allSettled([
      begin(a.ctx, iid, key, 'POST accounts', body, 10),
      begin(b.ctx, iid, key, 'POST accounts', body, 10),
    ]);
    const winners = results.filter((r) => r.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((loser.reason as AppError).status).toBe(409);
    await ((winners[0] as PromiseFulfilledResult<Claimed>).value as Claimed).abandon();
  });

  it('a lapsed key is not taken over with a different body (422)', async () => {
    const key = newKey();
    await claimOn(a, key);
    a.clock.advance(LEASE_MS + 1);
    const other = await refusal(
      begin(b.ctx, iid, key, 'POST accounts', { items: [{ studentId: 'y' }] }, 10),
    );
    expect(other.status).toBe(422);
  });

  it('a replay on an instance whose CREDENTIALS_KEY cannot open the stored answer is a clear 503, not a 500', async () => {
    const key = newKey();
    const done = await claimOn(a, key);
    await a.db.transaction().execute((trx) => done.finish(trx, 201, { secret: 'pw' }, []));
    const otherKey = { ...a.ctx, secrets: new SecretBox(randomBytes(32)) };
    const err = await refusal(begin(otherKey, iid, key, 'POST accounts', body, 10));
    expect(err.status).toBe(503);
    expect(err.extra).toMatchObject({ reason: 'idempotency_answer_unreadable' });
    expect(err.message).toMatch(/CREDENTIALS_KEY/);
  });
});

describe('POST /api/v1/institutions/:iid/accounts after a crash mid-request', () => {
  it('answers 409 with Retry-After while the lease runs, then the retry on another instance creates the accounts once', async () => {
    const kids = [await createStudent(a.ctx, iid), await createStudent(a.ctx, iid)];
    const payload = kids.map((k) => ({ studentId: k.id, type: 'basic', passwordKind: 'word' }));
    const key = newKey();
    // Instance A claimed the key and died mid-request (kill -9): nothing committed, no renewals.
    await claimOn(a, key, payload);
    const blocked = await agentB
      .post(`/api/v1/institutions/${iid}/accounts`)
      .set('Idempotency-Key', key)
      .send({ items: payload });
    expect(blocked.status).toBe(409);
    expect(blocked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    a.clock.advance(LEASE_MS + 1);
    const retried = await agentB
      .post(`/api/v1/institutions/${iid}/accounts`)
      .set('Idempotency-Key', key)
      .send({ items: payload });
    expect(retried.status).toBe(201);
    expect(retried.body.counts).toEqual({ basic: 2, advanced: 0 });
    const again = await agentB
      .post(`/api/v1/institutions/${iid}/accounts`)
      .set('Idempotency-Key', key)
      .send({ items: payload });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(retried.body);
    const accounts = await a.db
      .selectFrom('accounts')
      .select('student_id')
      .where(
        'student_id',
        'in',
        kids.map((k) => k.id),
      )
      .execute();
    expect(accounts).toHaveLength(2);
    const progress = await agentB.get(`/api/v1/institutions/${iid}/account-requests/${key}`);
    expect(progress.body).toMatchObject({ state: 'done', done: 2, total: 2 });
  });
});
