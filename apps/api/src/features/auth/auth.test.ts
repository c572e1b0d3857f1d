import { beforeAll, describe, expect, it } from '@jest/globals';
import { createAdmin, createInstitution, loginAs, TEST_PASSWORD } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import { ADMIN_IP_POLICY } from '../../platform/throttles/repository.js';

const t = appForFile();
let email: string;

beforeAll(async () => {
  const school = await createInstitution(t.ctx, { name: 'Sint-Jozef' });
  email = (await createAdmin(t.ctx, { institutionId: school.id })).email;
});

describe('POST /api/v1/auth/login', () => {
  it('sets an HttpOnly SameSite session cookie and returns the schools of the admin', async () => {
    const res = await t
      .request()
      .post('/api/v1/auth/login')
      .send({ email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.institutions).toEqual([
      expect.objectContaining({ name: 'Sint-Jozef', role: 'admin' }),
    ]);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/sl_admin=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const sessions = await t.db.selectFrom('sessions').select('id').execute();
    // Only the token's hash is stored.
    const token = /sl_admin=([^;]+)/.exec(cookie)![1]!;
    expect(sessions.map((s) => s.id)).not.toContain(token);
  });

  it('answers a wrong password and an unknown e-mail with the same 401 problem', async () => {
    const wrong = await t
      .request()
      .post('/api/v1/auth/login')
      .send({ email, password: 'nope-nope-nope' });
    const unknown = await t
      .request()
      .post('/api/v1/auth/login')
      .send({ email: 'ghost@school.test', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('rejects a missing field with a 400 problem naming the field', async () => {
    const res = await t.request().post('/api/v1/auth/login').send({ email });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.password' })]);
  });

  it('rejects malformed JSON and oversized bodies as problem+json', async () => {
    const bad = await t
      .request()
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send('{"email":');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const big = await t
      .request()
      .post('/api/v1/auth/login')
      .send({ email, password: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
  });

  it('refuses a cross-site login attempt', async () => {
    const res = await t
      .request()
      .post('/api/v1/auth/login')
      .set('origin', 'https://evil.example')
      .set('sec-fetch-site', 'cross-site')
      .send({ email, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
  });
});

describe('admin login lockout', () => {
  const login = (address: string, password: string) =>
    t.request().post('/api/v1/auth/login').send({ email: address, password });

  it('locks an address after 10 failures, for 1 minute and then longer, and forgets after a success', async () => {
    const target = (await createAdmin(t.ctx)).email;
    for (let i = 0; i < 10; i++) expect((await login(target, 'wrong-password')).status).toBe(401);
    // Even the right password waits now; the lock covers the address in any capitals.
    const locked = await login(target.toUpperCase(), TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(locked.headers['retry-after']).toBe('60');
    expect(locked.body.code).toBe('too_many_requests');
    t.clock.advance(61_000);
    // One more failure locks it again, for twice as long.
    expect((await login(target, 'wrong-password')).status).toBe(401);
    expect((await login(target, TEST_PASSWORD)).headers['retry-after']).toBe('120');
    t.clock.advance(121_000);
    expect((await login(target, TEST_PASSWORD)).status).toBe(200);
    // The success reset the counter: nine new failures do not lock.
    for (let i = 0; i < 9; i++) expect((await login(target, 'wrong-password')).status).toBe(401);
    expect((await login(target, TEST_PASSWORD)).status).toBe(200);
  });

  it('locks an unknown address the same way, so a lock tells nothing about existence', async () => {
    for (let i = 0; i < 10; i++)
      expect((await login('ghost.admin@school.test', 'wrong-password')).status).toBe(401);
    const res = await login('ghost.admin@school.test', 'wrong-password');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('60');
  });

  it('limits failures per client address across e-mail addresses', async () => {
    const saved = ADMIN_IP_POLICY.maxFailures;
    ADMIN_IP_POLICY.maxFailures = 5;
    try {
      const admin = (await createAdmin(t.ctx)).email;
      t.clock.advance(ADMIN_IP_POLICY.windowMs + 1); // a fresh window for this address
      for (let i = 0; i < 5; i++)
        expect((await login(`spray${i}@school.test`, 'wrong-password')).status).toBe(401);
      expect((await login(admin, TEST_PASSWORD)).status).toBe(429);
      t.clock.advance(ADMIN_IP_POLICY.windowMs);
      expect((await login(admin, TEST_PASSWORD)).status).toBe(200);
    } finally {
      ADMIN_IP_POLICY.maxFailures = saved;
    }
  });
});

describe('GET /api/v1/auth/me and sessions', () => {
  it('answers 401 without a session', async () => {
    const res = await t.request().get('/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it('ends the session on logout', async () => {
    const agent = await loginAs(t.request(), email);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(200);
    expect((await agent.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('expires after 30 idle minutes', async () => {
    const agent = await loginAs(t.request(), email);
    t.clock.advance(29 * 60_000);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('expires 12 hours after login even when used all the time', async () => {
    const agent = await loginAs(t.request(), email);
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      t.clock.advance(20 * 60_000);
      expect((await agent.get('/api/v1/auth/me')).status).toBe(200);
    }
    t.clock.advance(20 * 60_000);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
  });
});
