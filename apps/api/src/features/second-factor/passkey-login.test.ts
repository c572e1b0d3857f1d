import { describe, expect, it } from '@jest/globals';
import { PASSKEY_OPTIONS_IP_POLICY } from '../../platform/throttles/repository.js';
import { expectRefused, passkeySchool, RP } from '../../test/passkey-support.js';
import { passwordStep as login } from '../../test/second-factor-support.js';
import { SoftAuthenticator } from '../../test/webauthn-authenticator.js';

// Logging in with a passkey (software authenticator, verification unmocked): after the
// password, and alone (passwordless). Registering and managing passkeys: passkeys.test.ts.

const { t, school, adminWithPasskey, pendingLogin, passkeyRow } = passkeySchool();

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
      ['get', `/api/v1/institutions/${school.id}/students`],
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

  // Found by an outside review: the options need no login and each stores a challenge, so a
  // loop grew the table without end.
  it('limits the options per client address (429), storing no challenge past it', async () => {
    const saved = PASSKEY_OPTIONS_IP_POLICY.maxFailures;
    PASSKEY_OPTIONS_IP_POLICY.maxFailures = 3;
    const challenges = async () =>
      (
        await t.db
          .selectFrom('webauthn_challenges')
          .select('challenge')
          .where('purpose', '=', 'passwordless')
          .execute()
      ).length;
    const ask = () => t.request().post('/api/v1/auth/login/passwordless/options');
    try {
      t.clock.advance(PASSKEY_OPTIONS_IP_POLICY.windowMs + 1); // a fresh window for this address
      for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(200);
      t.clock.advance(60_000);
      const before = await challenges();
      const over = await ask();
      expect(over.status).toBe(429);
      expect(over.headers['content-type']).toMatch(/problem\+json/);
      expect(over.headers['set-cookie']).toBeUndefined();
      const left = Math.ceil((PASSKEY_OPTIONS_IP_POLICY.windowMs - 60_000) / 1000);
      expect(over.headers['retry-after']).toBe(String(left));
      expect(over.body).toMatchObject({
        code: 'too_many_requests',
        reason: 'too_many_passkey_requests',
        detail: `Te veel aanvragen vanaf dit netwerk. Probeer het over ${Math.ceil(left / 60)} minuten opnieuw.`,
      });
      expect(await challenges()).toBe(before);
      // The window ends, and the address may ask again.
      t.clock.advance(PASSKEY_OPTIONS_IP_POLICY.windowMs - 60_000);
      expect((await ask()).status).toBe(200);
    } finally {
      PASSKEY_OPTIONS_IP_POLICY.maxFailures = saved;
    }
  });
});
