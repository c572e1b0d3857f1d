import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { buildApp } from '../../app.js';
import { createAdmin, createInstitution, TEST_PASSWORD } from '../../test/factories.js';
import { createTestApp } from '../../test/harness.js';
import { appForFile } from '../../test/per-file.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';
import { DEVICE_COOKIE } from '../security/device-cookies.js';
import { IP_POLICY } from './repository.js';

// The lockout as OWASP's device-cookie model (SECURITY.md "Login lockout"): failures from a
// browser that once logged in for a name count against that browser only; failures of untrusted
// clients lock untrusted clients of that name (and of that address) only.

const t = appForFile(() => createTestApp({ trustProxy: ['127.0.0.1'] }));
let iid: string;
const SCHOOL = '10.1.1.1';
const ATTACKER = '198.51.100.7';

/** A request from an address (the test app trusts the loopback proxy's X-Forwarded-For). */
const from = (ip: string, agent: supertest.Agent = t.request()) => ({
  portal: (body: Record<string, unknown>) =>
    agent.post('/api/v1/portal/login').set('x-forwarded-for', ip).send(body),
  admin: (email: string, password: string) =>
    agent.post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ email, password }),
  /** The portal login presenting a device cookie. */
  portalWithDevice: (cookie: string, body: Record<string, unknown>) =>
    agent.post('/api/v1/portal/login').set('x-forwarded-for', ip).set('cookie', cookie).send(body),
});

/** The device cookie a response set, as a Cookie header value. */
function deviceCookieOf(res: supertest.Response): string {
  const raw = ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
  if (!raw) throw new Error('no device cookie');
  return raw.split(';')[0]!;
}

beforeAll(async () => {
  iid = (await createInstitution(t.ctx)).id;
});

async function family() {
  const { student, username } = await studentWithAccount(
    t.ctx,
    iid,
    { parent_emails: ['mama@example.be', 'papa@example.be'] },
    { kind: 'word', password: 'uil246' },
  );
  await activeCoAccount(t.ctx, student, 1, 'Mama-wachtwoord-1');
  await activeCoAccount(t.ctx, student, 2, 'Papa-wachtwoord-2');
  return { student, username };
}

describe('portal login lockout with device cookies', () => {
  it('sets an HttpOnly, SameSite=Lax device cookie for every login (path /) on a successful login, and none on a failure', async () => {
    const { username } = await family();
    const failed = await from(SCHOOL).portal({ username, password: 'fout' });
    expect(failed.headers['set-cookie']).toBeUndefined();
    const ok = await from(SCHOOL).portal({ username, password: 'Mama-wachtwoord-1' });
    const raw = ([] as string[])
      .concat(ok.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith(`${DEVICE_COOKIE}=`))!;
    expect(raw).toMatch(/HttpOnly/);
    expect(raw).toMatch(/SameSite=Lax/);
    expect(raw).toMatch(/; Path=\/;/);
    // Neither the username nor the school is readable from it.
    expect(raw).not.toContain(username.split('.')[0]);
  });

  it("never locks a parent's trusted browser out, whatever the child or an attacker elsewhere types", async () => {
    const { username } = await family();
    const parent = t.request();
    expect(
      (await from('203.0.113.5', parent).portal({ username, password: 'Mama-wachtwoord-1' }))
        .status,
    ).toBe(200);

    // The child at school and an attacker elsewhere: 40 failures of untrusted clients.
    for (let i = 0; i < 10; i++) await from(SCHOOL).portal({ username, password: `uil24${i}x` });
    for (let i = 0; i < 30; i++) await from(ATTACKER).portal({ username, password: `guess-${i}` });
    // Untrusted clients are locked, even with the right password…
    const untrusted = await from(ATTACKER).portal({ username, password: 'Papa-wachtwoord-2' });
    expect(untrusted.status).toBe(429);
    expect(Number(untrusted.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from(SCHOOL).portal({ username, password: 'uil246' })).status).toBe(429);
    // …the parent's browser is not.
    const res = await from('203.0.113.5', parent).portal({
      username,
      password: 'Mama-wachtwoord-1',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'parent', slot: 1 });
  });

  it('counts failures from a trusted browser against that browser only, then treats it as untrusted', async () => {
    const { username } = await family();
    const shared = t.request(); // the family computer
    expect((await from(SCHOOL, shared).portal({ username, password: 'uil246' })).status).toBe(200);
    for (let i = 0; i < 10; i++)
      expect((await from(SCHOOL, shared).portal({ username, password: `x${i}` })).status).toBe(401);
    // The device's own lock has started; it now counts as untrusted, which is not locked.
    expect((await from(SCHOOL, shared).portal({ username, password: 'y' })).status).toBe(401);
    // Other untrusted clients were not touched by the device's ten failures.
    expect((await from(ATTACKER).portal({ username, password: 'Papa-wachtwoord-2' })).status).toBe(
      200,
    );
  });

  it('treats a forged device cookie, or one for another username, as untrusted', async () => {
    const a = await family();
    const b = await family();
    const ok = await from(SCHOOL).portal({ username: b.username, password: 'uil246' });
    const bCookie = deviceCookieOf(ok);
    const [cred, day, nonce, sig] = bCookie.slice(DEVICE_COOKIE.length + 1).split('.');
    const flipped = `${sig!.startsWith('A') ? 'B' : 'A'}${sig!.slice(1)}`;
    const forged = `${DEVICE_COOKIE}=${cred}.${day}.${nonce}.${flipped}`;
    // A cookie issued for another credential kind but the same signature fails too.
    const relabelled = `${DEVICE_COOKIE}=p1.${day}.${nonce}.${sig}`;

    for (let i = 0; i < 10; i++)
      await from(ATTACKER).portal({ username: a.username, password: `g${i}` });
    for (const cookie of [bCookie, forged, relabelled]) {
      const res = await from(SCHOOL).portalWithDevice(cookie, {
        username: a.username,
        password: 'uil246',
      });
      expect(res.status).toBe(429);
    }
    // B's own cookie is trusted for B even while B is locked for untrusted clients.
    for (let i = 0; i < 10; i++)
      await from(ATTACKER).portal({ username: b.username, password: `g${i}` });
    expect((await from(ATTACKER).portal({ username: b.username, password: 'uil246' })).status).toBe(
      429,
    );
    const trusted = await from(SCHOOL).portalWithDevice(bCookie, {
      username: b.username,
      password: 'uil246',
    });
    expect(trusted.status).toBe(200);
  });

  it('keeps a class behind one school address working while an attacker elsewhere hammers their names', async () => {
    const kids = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        studentWithAccount(
          t.ctx,
          iid,
          { group_name: '4A' },
          { kind: 'word', password: `vos${200 + i}` },
        ),
      ),
    );
    // Last week: every pupil logged in once on the class computers.
    const browsers = kids.map(() => t.request());
    for (const [i, k] of kids.entries())
      expect(
        (
          await from(SCHOOL, browsers[i]).portal({
            username: k.username,
            password: `vos${200 + i}`,
          })
        ).status,
      ).toBe(200);
    // Monday: the attacker locks every name for untrusted clients.
    for (const k of kids)
      for (let j = 0; j < 11; j++)
        await from(ATTACKER).portal({ username: k.username, password: `w${j}` });
    // The class logs in, a typo included.
    const results = [];
    for (const [i, k] of kids.entries()) {
      await from(SCHOOL, browsers[i]).portal({ username: k.username, password: `vos${200 + i}x` });
      results.push(
        (
          await from(SCHOOL, browsers[i]).portal({
            username: k.username,
            password: `vos${200 + i}`,
          })
        ).status,
      );
    }
    expect(results).toEqual(Array(12).fill(200));
  });

  it('keeps every pupil of a class trusted on the one class computer they all use', async () => {
    const kids = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        studentWithAccount(
          t.ctx,
          iid,
          { group_name: '2B' },
          { kind: 'word', password: `das${300 + i}` },
        ),
      ),
    );
    const computer = t.request();
    const login = (i: number) =>
      from(SCHOOL, computer).portal({ username: kids[i]!.username, password: `das${300 + i}` });
    for (let i = 0; i < kids.length; i++) expect((await login(i)).status).toBe(200);
    // A stranger keeps the first pupil's name locked for untrusted clients (found by an outside
    // test: with room for ten, the eleventh pupil had pushed the first one's entry out).
    for (let j = 0; j < 11; j++)
      await from(ATTACKER).portal({ username: kids[0]!.username, password: `w${j}` });
    expect(
      (await from(SCHOOL).portal({ username: kids[0]!.username, password: 'das300' })).status,
    ).toBe(429);
    expect((await login(0)).status).toBe(200);
  });

  it('applies the per-address limit to untrusted clients only', async () => {
    const saved = IP_POLICY.maxFailures;
    IP_POLICY.maxFailures = 5;
    const ip = '192.0.2.99';
    try {
      const { username } = await family();
      const trusted = t.request();
      expect((await from(ip, trusted).portal({ username, password: 'uil246' })).status).toBe(200);
      for (let i = 0; i < 5; i++) await from(ip).portal({ username: `spray${i}`, password: 'x' });
      expect((await from(ip).portal({ username, password: 'uil246' })).status).toBe(429);
      expect((await from(ip, trusted).portal({ username, password: 'uil246' })).status).toBe(200);
    } finally {
      IP_POLICY.maxFailures = saved;
    }
  });
});

describe('admin login lockout with device cookies', () => {
  it("never locks an admin's trusted browser out; untrusted clients of that address are locked", async () => {
    const admin = await createAdmin(t.ctx, { institutionId: iid });
    const own = t.request();
    expect((await from(SCHOOL, own).admin(admin.email, TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 12; i++)
      expect([401, 429]).toContain((await from(ATTACKER).admin(admin.email, `wrong-${i}`)).status);
    expect((await from(ATTACKER).admin(admin.email, TEST_PASSWORD)).status).toBe(429);
    expect((await from(SCHOOL).admin(admin.email.toUpperCase(), TEST_PASSWORD)).status).toBe(429);
    expect((await from(SCHOOL, own).admin(admin.email.toUpperCase(), TEST_PASSWORD)).status).toBe(
      200,
    );
  });

  it('does not trust a portal device cookie for the admin login', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: iid });
    const { username } = await family();
    const browser = t.request();
    expect((await from(SCHOOL, browser).portal({ username, password: 'uil246' })).status).toBe(200);
    for (let i = 0; i < 10; i++) await from(ATTACKER).admin(admin.email, `wrong-${i}`);
    expect((await from(SCHOOL, browser).admin(admin.email, TEST_PASSWORD)).status).toBe(429);
  });
});

describe('counters shared by every API instance', () => {
  let second: FastifyInstance;
  beforeAll(async () => {
    second = await buildApp(t.config, {
      database: { db: t.db, kind: 'postgres', close: async () => undefined },
      logger: false,
      now: () => t.clock.now,
      serveWeb: false,
    });
    await second.ready();
  });
  afterAll(() => second.close());

  it('locks a username after failures spread over two instances, and a device trusted by one is trusted by the other', async () => {
    const { username } = await family();
    const parent = await from(SCHOOL).portal({ username, password: 'Papa-wachtwoord-2' });
    const cookie = deviceCookieOf(parent);
    const one = () => supertest(t.app.server).post('/api/v1/portal/login');
    const two = () => supertest(second.server).post('/api/v1/portal/login');
    for (let i = 0; i < 5; i++) {
      expect((await one().send({ username, password: `a${i}` })).status).toBe(401);
      expect((await two().send({ username, password: `b${i}` })).status).toBe(401);
    }
    expect((await one().send({ username, password: 'uil246' })).status).toBe(429);
    expect((await two().send({ username, password: 'uil246' })).status).toBe(429);
    const trusted = await two()
      .set('cookie', cookie)
      .send({ username, password: 'Papa-wachtwoord-2' });
    expect(trusted.status).toBe(200);
  });
});
