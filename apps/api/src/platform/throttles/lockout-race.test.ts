import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, TEST_PASSWORD } from '../../test/factories.js';
import { createPeerApp, createTestApp, type TestApp } from '../../test/harness.js';
import { appForFile } from '../../test/per-file.js';
import { studentWithAccount } from '../../test/portal-factories.js';
import { IN_FLIGHT_POLICY } from './in-flight.js';
import { IP_POLICY, USERNAME_POLICY } from './repository.js';

// Parallel attempts against the lockout: every attempt is counted before its password is
// checked, so a burst gets no more guesses than one attempt at a time would (SECURITY.md
// "Login lockout"), and one address gets only its share of the password checks at once.

const t = appForFile(() => createTestApp({ trustProxy: ['127.0.0.1'] }));
let iid: string;
let nextAddress = 1;
/** A fresh client address per test: the address counters of one test do not touch another's. */
const newAddress = () => `198.51.100.${nextAddress++}`;

const portal = (ip: string, body: Record<string, unknown>, app: TestApp = t) =>
  app.request().post('/api/v1/portal/login').set('x-forwarded-for', ip).send(body);
const admin = (ip: string, email: string, password: string) =>
  t.request().post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ email, password });

/** How many answers had each status. */
function tally(responses: supertest.Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

/**
 * Counts password verifications (argon2 runs) and the most that ran at once; with `hold`, each
 * waits for it, and `started` resolves at the first one.
 */
function watchHasher(hold?: Promise<void>) {
  const hasher = t.ctx.hasher;
  const original = hasher.verify.bind(hasher);
  const seen = { calls: 0, running: 0, most: 0 };
  let began!: () => void;
  const started = new Promise<void>((resolve) => (began = resolve));
  hasher.verify = async (hashed: string, password: string) => {
    seen.calls++;
    seen.most = Math.max(seen.most, ++seen.running);
    began();
    try {
      if (hold) await hold;
      return await original(hashed, password);
    } finally {
      seen.running--;
    }
  };
  return { seen, started, stop: () => void delete (hasher as { verify?: unknown }).verify };
}

const lockEvents = (studentId: string) =>
  t.db
    .selectFrom('account_events')
    .select('detail')
    .where('student_id', '=', studentId)
    .where('kind', '=', 'login_locked')
    .execute();

const counter = (key: string) =>
  t.db.selectFrom('login_throttles').selectAll().where('key', '=', key).executeTakeFirst();

beforeAll(async () => {
  iid = (await createInstitution(t.ctx)).id;
});

/** A student of the school whose account has the word password `password`. */
const withWordPassword = (password: string) =>
  studentWithAccount(t.ctx, iid, {}, { kind: 'word', password });

const LIMIT = USERNAME_POLICY.threshold;

describe('POST /api/v1/portal/login under parallel attempts', () => {
  it('checks at most the limit of a burst of wrong passwords, then holds the right one with 429', async () => {
    const { student, username } = await withWordPassword('uil246');
    const ip = newAddress();
    // The hashes one login costs (the child's and every parent slot's), to count checks by.
    const one = watchHasher();
    expect((await portal(ip, { username: 'nobody.here', password: 'x' })).status).toBe(401);
    one.stop();
    const perLogin = one.seen.calls;

    const watch = watchHasher();
    const burst = await Promise.all(
      Array.from({ length: 149 }, (_, i) => portal(ip, { username, password: `fout${i}` })),
    );
    watch.stop();
    const counts = tally(burst);
    expect(counts[401]).toBe(LIMIT);
    expect(counts[429]).toBe(149 - LIMIT);
    expect(watch.seen.calls).toBe(LIMIT * perLogin);
    for (const r of burst.filter((x) => x.status === 429)) {
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body.code).toBe('too_many_requests');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }

    const right = await portal(ip, { username, password: 'uil246' });
    expect(right.status).toBe(429);
    expect(right.headers['retry-after']).toBe('60');
    // One lock, one event: not one per refused attempt.
    expect(await lockEvents(student.id)).toHaveLength(1);
    expect(await counter(`user:${username}`)).toMatchObject({ failures: LIMIT, lockouts: 1 });

    // Once the lock ends: one guess at a time, each failure locking again (2 min, then 4).
    t.clock.advance(61_000);
    const next = await Promise.all(
      Array.from({ length: 20 }, (_, i) => portal(ip, { username, password: `weer${i}` })),
    );
    expect(tally(next)).toEqual({ 401: 1, 429: 19 });
    expect((await portal(ip, { username, password: 'uil246' })).headers['retry-after']).toBe('120');
    expect(await lockEvents(student.id)).toHaveLength(2);
  });

  it('holds a burst that carries the right password after the wrong ones', async () => {
    const { username } = await withWordPassword('mol123');
    const ip = newAddress();
    const burst = await Promise.all([
      ...Array.from({ length: 59 }, (_, i) => portal(ip, { username, password: `mol${i}` })),
      portal(ip, { username, password: 'mol123' }),
    ]);
    const counts = tally(burst);
    expect(counts[401]! + (counts[200] ?? 0)).toBeLessThanOrEqual(LIMIT);
    expect(counts[401]! + (counts[200] ?? 0) + counts[429]!).toBe(60);
  });

  it('gives a burst spread over two instances no more guesses than one instance', async () => {
    const peer = await createPeerApp(t, { trustProxy: ['127.0.0.1'] });
    try {
      const { username } = await withWordPassword('vos777');
      const ip = newAddress();
      const burst = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          portal(ip, { username, password: `vos${i}` }, i % 2 ? peer : t),
        ),
      );
      expect(tally(burst)).toEqual({ 401: LIMIT, 429: 40 - LIMIT });
      expect((await portal(ip, { username, password: 'vos777' }, peer)).status).toBe(429);
      expect((await portal(ip, { username, password: 'vos777' })).status).toBe(429);
    } finally {
      await peer.close();
    }
  });

  it('keeps the per-address limit under a parallel burst of names, and gives back what succeeded', async () => {
    const saved = IP_POLICY.maxFailures;
    IP_POLICY.maxFailures = 20;
    try {
      const ip = newAddress();
      const kids = await Promise.all(
        Array.from({ length: 5 }, (_, i) => withWordPassword(`das${300 + i}`)),
      );
      // Right passwords in parallel count nothing against the address.
      const right = await Promise.all(
        kids.map((k, i) => portal(ip, { username: k.username, password: `das${300 + i}` })),
      );
      expect(tally(right)).toEqual({ 200: 5 });
      expect(await counter(`ip:${ip}`)).toMatchObject({ failures: 0 });

      const burst = await Promise.all(
        Array.from({ length: 60 }, (_, i) => portal(ip, { username: `spray.${i}`, password: 'x' })),
      );
      expect(tally(burst)).toEqual({ 401: 20, 429: 40 });
      expect(await counter(`ip:${ip}`)).toMatchObject({ failures: 20 });
      const after = await portal(ip, { username: kids[0]!.username, password: 'das300' });
      expect(after.status).toBe(429);
      expect(Number(after.headers['retry-after'])).toBeGreaterThan(60);
    } finally {
      IP_POLICY.maxFailures = saved;
    }
  });

  it("runs at most an address's share of checks at once, and answers the excess like a lock, known name or not", async () => {
    const { username } = await withWordPassword('egel42');
    const ip = newAddress();
    const one = watchHasher();
    await portal(ip, { username: 'nobody.here', password: 'x' });
    one.stop();
    const perLogin = one.seen.calls;

    // Within the queue every attempt is served, in turn: at most the cap of checks at once.
    const watch = watchHasher();
    const served = await Promise.all(
      Array.from({ length: 100 }, (_, i) => portal(ip, { username: `ghost.${i}`, password: 'x' })),
    );
    watch.stop();
    expect(tally(served)).toEqual({ 401: 100 });
    expect(watch.seen.most).toBeLessThanOrEqual(IN_FLIGHT_POLICY.perAddress.running * perLogin);

    // Over the cap and the queue the answer is the 429 of a lock, for a known name or not.
    const saved = IN_FLIGHT_POLICY.perAddress;
    IN_FLIGHT_POLICY.perAddress = { running: 1, waiting: 0 };
    let open!: () => void;
    const held = watchHasher(new Promise<void>((resolve) => (open = resolve)));
    try {
      const other = newAddress();
      const first = portal(other, { username: 'ghost.first', password: 'x' }).then((r) => r);
      await held.started;
      const unknown = await portal(other, { username: 'ghost.second', password: 'x' });
      const known = await portal(other, { username, password: 'egel42' });
      open();
      expect((await first).status).toBe(401);
      expect(unknown.status).toBe(429);
      expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
      const shape = (r: supertest.Response) => ({
        type: r.headers['content-type'],
        retryAfter: r.headers['retry-after'],
        body: r.body,
      });
      expect(shape(known)).toEqual(shape(unknown));
      // The slot is free again: the right password gets in.
      expect((await portal(other, { username, password: 'egel42' })).status).toBe(200);
    } finally {
      held.stop();
      IN_FLIGHT_POLICY.perAddress = saved;
    }
  });

  it("one name's flood, right password and all, cannot hold up the rest of a school's address", async () => {
    const { username: flooder } = await studentWithAccount(t.ctx, iid, {}, { password: 'vos123' });
    const { username: other } = await studentWithAccount(t.ctx, iid, {}, { password: 'uil456' });
    const saved = { ...IN_FLIGHT_POLICY };
    IN_FLIGHT_POLICY.perAddress = { running: 2, waiting: 4 };
    IN_FLIGHT_POLICY.perName = { running: 2, waiting: 64 };
    let open!: () => void;
    const held = watchHasher(new Promise<void>((resolve) => (open = resolve)));
    try {
      const ip = newAddress();
      const flood = Promise.all(
        Array.from({ length: 30 }, () => portal(ip, { username: flooder, password: 'vos123' })),
      );
      await held.started;
      const mine = portal(ip, { username: other, password: 'uil456' }).then((r) => r);
      open();
      expect((await mine).status).toBe(200);
      expect(tally(await flood)).toEqual({ 200: 30 });
    } finally {
      held.stop();
      Object.assign(IN_FLIGHT_POLICY, saved);
    }
  });
});

describe('POST /api/v1/auth/login under parallel attempts', () => {
  it('checks at most the limit of a burst of wrong passwords, then holds the right one with 429', async () => {
    const user = await createAdmin(t.ctx, { institutionId: iid });
    const ip = newAddress();
    const burst = await Promise.all(
      Array.from({ length: 59 }, (_, i) => admin(ip, user.email, `wrong-${i}`)),
    );
    expect(tally(burst)).toEqual({ 401: LIMIT, 429: 59 - LIMIT });
    const right = await admin(ip, user.email, TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers['retry-after']).toBe('60');
    // Another address is held too: the lock is the e-mail address's.
    expect((await admin(newAddress(), user.email, TEST_PASSWORD)).status).toBe(429);
  });

  it('lets a burst of right passwords in without counting them as failures', async () => {
    const user = await createAdmin(t.ctx, { institutionId: iid });
    const ip = newAddress();
    const burst = await Promise.all(
      Array.from({ length: 30 }, () => admin(ip, user.email, TEST_PASSWORD)),
    );
    expect(tally(burst)).toEqual({ 200: 30 });
    expect(await counter(`admin-ip:${ip}`)).toMatchObject({ failures: 0 });
  });
});
