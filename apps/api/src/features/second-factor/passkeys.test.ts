import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createTestAppWithSchool } from '../../test/factories.js';
import type { TestApp } from '../../test/harness.js';
import { adminSignedIn, passwordStep as login } from '../../test/second-factor-support.js';
import { SoftAuthenticator } from '../../test/webauthn-authenticator.js';

// Passkeys with a software authenticator: real attestations and assertions, the server's
// verification unmocked.

let t: TestApp;
let schoolId: string;
const ORIGIN = 'http://schoolloket.test';
const RP = { origin: ORIGIN, rpId: 'schoolloket.test' };

beforeAll(async () => ({ t, schoolId } = await createTestAppWithSchool()));
afterAll(() => t.close());

/** A fresh admin with one passkey on `auth`; returns a logged-in agent too. */
async function adminWithPasskey(auth = new SoftAuthenticator(RP)) {
  const { admin, agent } = await adminSignedIn(t, { institutionId: schoolId });
  const options = await agent.post('/api/v1/me/security/passkeys/options');
  expect(options.status).toBe(200);
  expect(options.body.rp).toEqual({ id: 'schoolloket.test', name: 'Schoolloket' });
  const res = await agent
    .post('/api/v1/me/security/passkeys')
    .send({ name: 'Laptop', credential: auth.register(options.body) });
  expect(res.status).toBe(201);
  return { admin, agent, auth, passkeyId: res.body.id as string };
}

/** Password, then the passkey's options for the pending login. */
async function pendingLogin(email: string) {
  const agent = t.request();
  const first = await login(agent, email);
  expect(first.status).toBe(202);
  const options = await agent.post('/api/v1/auth/login/passkey/options');
  expect(options.status).toBe(200);
  return { agent, options: options.body as { challenge: string } };
}

const passkeyRow = (id: string) =>
  t.db.selectFrom('admin_passkeys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const expectRefused = (res: supertest.Response, code = 'passkey_refused') => {
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  expect(res.body.code).toBe(code);
};

describe('registering a passkey', () => {
  it('stores it, lists it, records and mails it, and makes the login two-step', async () => {
    const { admin, agent, passkeyId } = await adminWithPasskey();
    const list = await agent.get('/api/v1/me/security/passkeys');
    expect(list.body.items).toEqual([
      {
        id: passkeyId,
        name: 'Laptop',
        createdAt: t.clock.now.toISOString(),
        lastUsedAt: null,
        backedUp: false,
      },
    ]);
    const events = await t.db
      .selectFrom('admin_security_events')
      .select(['kind', 'detail'])
      .where('admin_user_id', '=', admin.id)
      .execute();
    expect(events).toEqual([{ kind: 'passkey_added', detail: { name: 'Laptop' } }]);
    const mails = await t.db
      .selectFrom('outbox')
      .select('template')
      .where('recipient', '=', admin.email)
      .execute();
    expect(mails).toEqual([{ template: 'admin_passkey_added' }]);
    const again = await login(t.request(), admin.email);
    expect(again.status).toBe(202);
    expect(again.body.secondFactor.methods).toEqual(['passkey']);
    expect((await agent.get('/api/v1/me/security')).body.passkeys).toEqual({ count: 1 });
  });

  it('refuses a replayed registration, a challenge of another session and a wrong origin', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: schoolId });
    const [a, b] = [t.request(), t.request()];
    await login(a, admin.email);
    await login(b, admin.email);
    const auth = new SoftAuthenticator(RP);
    const optsA = (await a.post('/api/v1/me/security/passkeys/options')).body;
    // B cannot spend the challenge A's session asked for.
    const stolen = await b
      .post('/api/v1/me/security/passkeys')
      .send({ name: 'X', credential: auth.register(optsA) });
    expect(stolen.status).toBe(401);
    expectRefused(stolen);
    const wrongOrigin = new SoftAuthenticator({ ...RP, origin: 'https://evil.example' });
    const bad = await a
      .post('/api/v1/me/security/passkeys')
      .send({ name: 'X', credential: wrongOrigin.register(optsA) });
    expect(bad.status).toBe(401);
    // That try spent A's challenge: the right answer to it is refused now (single use).
    const late = await a
      .post('/api/v1/me/security/passkeys')
      .send({ name: 'X', credential: auth.register(optsA) });
    expect(late.status).toBe(401);
    expect((await a.get('/api/v1/me/security/passkeys')).body.items).toEqual([]);
  });

  it('refuses an authenticator without user verification and an expired challenge', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: schoolId });
    const agent = t.request();
    await login(agent, admin.email);
    const noUv = new SoftAuthenticator({ ...RP, userVerified: false });
    let options = (await agent.post('/api/v1/me/security/passkeys/options')).body;
    const res = await agent
      .post('/api/v1/me/security/passkeys')
      .send({ name: 'Sleutel', credential: noUv.register(options) });
    expect(res.status).toBe(401);
    options = (await agent.post('/api/v1/me/security/passkeys/options')).body;
    t.clock.advance(5 * 60_000 + 1);
    const expired = await agent
      .post('/api/v1/me/security/passkeys')
      .send({ name: 'Sleutel', credential: new SoftAuthenticator(RP).register(options) });
    expect(expired.status).toBe(401);
    expect((await agent.get('/api/v1/me/security/passkeys')).body.items).toEqual([]);
  });

  it('refuses malformed bodies with a clear 400 and changes nothing', async () => {
    const { agent, auth } = await adminWithPasskey();
    const options = (await agent.post('/api/v1/me/security/passkeys/options')).body;
    const good = new SoftAuthenticator(RP).register(options);
    const bodies = [
      { name: 'Nul\u0000byte', credential: good },
      { name: 'x'.repeat(61), credential: good },
      { name: 'Ok', credential: { ...good, id: `${good.id}\u0000` } },
      { name: 'Ok', credential: { ...good, id: 'A'.repeat(100_000) } },
      {
        name: 'Ok',
        credential: { ...good, response: { ...good.response, attestationObject: 'é' } },
      },
      { name: 'Ok', credential: { ...good, extra: true } },
      { name: 'Ok' },
    ];
    for (const body of bodies) {
      const res = await agent.post('/api/v1/me/security/passkeys').send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const nul = await t
      .request()
      .post('/api/v1/auth/login/passwordless')
      .send({ credential: { ...auth.assert(options), id: '\u0000' } });
    expect(nul.status).toBe(400);
    expect((await agent.get('/api/v1/me/security/passkeys')).body.items).toHaveLength(1);
  });
});

describe('logging in with a passkey after the password', () => {
  it('finishes the login, records the use and the counter, and refuses a replay', async () => {
    const { admin, auth, passkeyId } = await adminWithPasskey();
    const { agent, options } = await pendingLogin(admin.email);
    const assertion = auth.assert(options);
    const done = await agent.post('/api/v1/auth/login/passkey').send({ credential: assertion });
    expect(done.status).toBe(200);
    expect(done.body.email).toBe(admin.email);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(200);
    const row = await passkeyRow(passkeyId);
    expect(row.last_used_at?.getTime()).toBe(t.clock.now.getTime());
    expect(row.counter).toBe('1');
    // The same assertion again, in a new pending login: its challenge is spent.
    const replay = await pendingLogin(admin.email);
    const res = await replay.agent
      .post('/api/v1/auth/login/passkey')
      .send({ credential: assertion });
    expect(res.status).toBe(401);
    expectRefused(res);
  });

  it("refuses a challenge of another pending login, and another admin's passkey", async () => {
    const a = await adminWithPasskey();
    const b = await adminWithPasskey();
    const pa = await pendingLogin(a.admin.email);
    const pb = await pendingLogin(b.admin.email);
    // A's assertion over A's challenge, sent in B's pending login.
    const cross = await pb.agent
      .post('/api/v1/auth/login/passkey')
      .send({ credential: a.auth.assert(pa.options) });
    expect(cross.status).toBe(401);
    expectRefused(cross);
    // A's passkey over B's challenge.
    const foreign = await pb.agent
      .post('/api/v1/auth/login/passkey')
      .send({ credential: a.auth.assert(pb.options) });
    expect(foreign.status).toBe(401);
    expect((await passkeyRow(a.passkeyId)).last_used_at).toBeNull();
    // A's own challenge was left alone by B's attempt and still works for A.
    const own = await pa.agent
      .post('/api/v1/auth/login/passkey')
      .send({ credential: a.auth.assert(pa.options) });
    expect(own.status).toBe(200);
  });

  it('refuses a counter that went back (a cloned authenticator)', async () => {
    const { admin, auth, passkeyId } = await adminWithPasskey();
    const first = await pendingLogin(admin.email);
    await first.agent
      .post('/api/v1/auth/login/passkey')
      .send({ credential: auth.assert(first.options, { counter: 7 }) });
    const second = await pendingLogin(admin.email);
    const res = await second.agent
      .post('/api/v1/auth/login/passkey')
      .send({ credential: auth.assert(second.options, { counter: 3 }) });
    expect(res.status).toBe(401);
    expect((await passkeyRow(passkeyId)).counter).toBe('7');
  });

  it('gives no session before the second step, whatever route is called', async () => {
    const { admin, auth } = await adminWithPasskey();
    const { agent, options } = await pendingLogin(admin.email);
    for (const [method, url] of [
      ['get', '/api/v1/auth/me'],
      ['get', '/api/v1/me/security/passkeys'],
      ['post', '/api/v1/me/security/passkeys/options'],
      ['post', '/api/v1/auth/step-up/passkey/options'],
      ['post', '/api/v1/auth/step-up/passkey'],
      ['get', `/api/v1/institutions/${schoolId}/students`],
    ] as const) {
      const res = await agent[method](url).send({ credential: auth.assert(options) });
      expect([url, res.status]).toEqual([url, 401]);
    }
    // Passwordless without its own cookie, with the pending login's challenge: refused.
    const pwl = await agent
      .post('/api/v1/auth/login/passwordless')
      .send({ credential: auth.assert(options) });
    expect(pwl.status).toBe(401);
  });

  it('counts refused passkeys against the password lockout', async () => {
    const { admin, auth } = await adminWithPasskey();
    const other = new SoftAuthenticator(RP);
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) {
      const agent = t.request();
      const first = await login(agent, admin.email);
      if (first.status === 429) {
        status = 429;
        break;
      }
      const options = (await agent.post('/api/v1/auth/login/passkey/options')).body;
      const res = await agent
        .post('/api/v1/auth/login/passkey')
        .send({ credential: other.assert(options) });
      status = res.status;
    }
    expect(status).toBe(429);
    // The right passkey waits too, like the right password.
    const agent = t.request();
    expect((await login(agent, admin.email)).status).toBe(429);
    void auth;
  });
});

describe('passwordless login', () => {
  it('logs in with a discoverable passkey alone, once per challenge and browser', async () => {
    const { admin, auth, passkeyId } = await adminWithPasskey();
    const agent = t.request();
    const options = await agent.post('/api/v1/auth/login/passwordless/options');
    expect(options.status).toBe(200);
    expect(options.body.allowCredentials).toEqual([]);
    expect(String(options.headers['set-cookie'])).toMatch(
      /sl_passkey=.*Path=\/api\/v1\/auth\/login/,
    );
    // Another browser cannot use this browser's challenge.
    const thief = await t
      .request()
      .post('/api/v1/auth/login/passwordless')
      .set('cookie', 'sl_passkey=someone-else')
      .send({ credential: auth.assert(options.body) });
    expect(thief.status).toBe(401);
    const assertion = auth.assert(options.body);
    const done = await agent
      .post('/api/v1/auth/login/passwordless')
      .send({ credential: assertion });
    expect(done.status).toBe(200);
    expect(done.body.email).toBe(admin.email);
    const session = await t.db
      .selectFrom('sessions')
      .select('second_factor_at')
      .where('admin_user_id', '=', admin.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(session.second_factor_at).not.toBeNull();
    expect((await passkeyRow(passkeyId)).last_used_at).not.toBeNull();
    const replay = await agent
      .post('/api/v1/auth/login/passwordless')
      .send({ credential: assertion });
    expect(replay.status).toBe(401);
  });

  it('refuses an unknown credential', async () => {
    const agent = t.request();
    const options = (await agent.post('/api/v1/auth/login/passwordless/options')).body;
    const stranger = new SoftAuthenticator(RP);
    const res = await agent
      .post('/api/v1/auth/login/passwordless')
      .send({ credential: stranger.assert(options) });
    expect(res.status).toBe(401);
    expectRefused(res);
  });
});

describe('step-up, rename and removal', () => {
  it('renames, asks for a step-up after 15 minutes, removes with a record and a mail', async () => {
    const { admin, agent, auth, passkeyId } = await adminWithPasskey();
    const renamed = await agent
      .patch(`/api/v1/me/security/passkeys/${passkeyId}`)
      .send({ name: '  Telefoon  ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Telefoon');
    const missing = await agent
      .patch('/api/v1/me/security/passkeys/00000000-0000-4000-8000-000000000000')
      .send({ name: 'X' });
    expect(missing.status).toBe(404);
    t.clock.advance(16 * 60_000);
    const tooOld = await agent.delete(`/api/v1/me/security/passkeys/${passkeyId}`);
    expect(tooOld.status).toBe(403);
    expect(tooOld.body.code).toBe('step_up_required');
    expect(tooOld.body.methods).toEqual(['passkey']);
    const addAnother = await agent.post('/api/v1/me/security/passkeys/options');
    expect(addAnother.status).toBe(403);
    const options = (await agent.post('/api/v1/auth/step-up/passkey/options')).body;
    const stepUp = await agent
      .post('/api/v1/auth/step-up/passkey')
      .send({ credential: auth.assert(options) });
    expect(stepUp.status).toBe(204);
    const removed = await agent.delete(`/api/v1/me/security/passkeys/${passkeyId}`);
    expect(removed.status).toBe(204);
    expect((await agent.get('/api/v1/me/security/passkeys')).body.items).toEqual([]);
    const kinds = await t.db
      .selectFrom('admin_security_events')
      .select('kind')
      .where('admin_user_id', '=', admin.id)
      .orderBy('created_at')
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(['passkey_added', 'passkey_removed']);
    const mails = await t.db
      .selectFrom('outbox')
      .select('template')
      .where('recipient', '=', admin.email)
      .orderBy('created_at')
      .execute();
    expect(mails.map((m) => m.template)).toEqual(['admin_passkey_added', 'admin_passkey_removed']);
    expect((await login(t.request(), admin.email)).status).toBe(200);
  });

  it("refuses a step-up with another admin's passkey or another session's challenge", async () => {
    const a = await adminWithPasskey();
    const b = await adminWithPasskey();
    const optsA = (await a.agent.post('/api/v1/auth/step-up/passkey/options')).body;
    const optsB = (await b.agent.post('/api/v1/auth/step-up/passkey/options')).body;
    const foreign = await b.agent
      .post('/api/v1/auth/step-up/passkey')
      .send({ credential: a.auth.assert(optsB) });
    expect(foreign.status).toBe(401);
    const cross = await b.agent
      .post('/api/v1/auth/step-up/passkey')
      .send({ credential: b.auth.assert(optsA) });
    expect(cross.status).toBe(401);
  });
});
