import { describe, expect, it } from '@jest/globals';
import { createAdmin } from '../../test/factories.js';
import {
  confirmPassword,
  passwordStep as login,
  totpSchool,
} from '../../test/second-factor-support.js';

// An authenticator app (TOTP): setting it up and logging in with its codes. Step-up and a
// school's policy: totp-step-up.test.ts.

const { t, school, codeAt, nextStep, adminWithTotp } = totpSchool();

/** A code that is not `right`. */
const otherCode = (right: string) => (right === '000000' ? '111111' : '000000');

/** An admin with an authenticator, logged in with the password: the code step pending. */
async function pendingWithCodes() {
  const { admin, secret } = await adminWithTotp();
  const agent = t.request();
  await login(agent, admin.email);
  const right = await codeAt(secret);
  return { agent, right, wrong: otherCode(right) };
}

describe('TOTP set-up', () => {
  it('keeps the secret sealed at rest and refuses a wrong first code without enabling it', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const agent = t.request();
    await login(agent, admin.email);
    await confirmPassword(agent);
    const setup = await agent.post('/api/v1/me/security/totp');
    const row = await t.db
      .selectFrom('admin_totp')
      .selectAll()
      .where('admin_user_id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(setup.body.secret);
    expect(row.secret_sealed).toMatch(/^v1\./);
    const code = await codeAt(setup.body.secret);
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await agent.post('/api/v1/me/security/totp/confirm').send({ code: wrong });
    expect(refused.status).toBe(401);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body.code).toBe('invalid_code');
    expect((await agent.get('/api/v1/me/security')).body.totp).toEqual({ enabled: false });
    // Without confirmation the next login is still one step.
    expect((await login(t.request(), admin.email)).status).toBe(200);
  });

  it('refuses a second set-up once an app is confirmed (409), leaving the secret as it was', async () => {
    const { admin, secret } = await adminWithTotp();
    const agent = t.request();
    const first = await login(agent, admin.email);
    expect(first.status).toBe(202);
    await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) });
    const again = await agent.post('/api/v1/me/security/totp');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');
  });
});

describe('POST /api/v1/auth/login with a second factor', () => {
  it('answers 202 with a pending cookie that no other route accepts, then logs in with the code', async () => {
    const { admin, secret } = await adminWithTotp();
    const agent = t.request();
    const res = await login(agent, admin.email);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ secondFactor: { methods: ['totp'], setupRequired: false } });
    const cookies = String(res.headers['set-cookie']);
    expect(cookies).toMatch(/sl_pending=[^;]+;.*Path=\/api\/v1\/auth\/login/);
    expect(cookies).toMatch(/HttpOnly/);
    expect(cookies).not.toMatch(/sl_admin=/);
    expect(cookies).not.toMatch(/sl_device=/);
    const pending = /sl_pending=([^;]+)/.exec(cookies)![1]!;
    expect(await t.db.selectFrom('sessions').select('id').execute()).not.toContainEqual(
      expect.objectContaining({ admin_user_id: admin.id }),
    );

    // Skipping the second step: the pending token is no session, under any cookie name or path.
    for (const cookie of [`sl_pending=${pending}`, `sl_admin=${pending}`]) {
      for (const [method, url] of [
        ['get', '/api/v1/auth/me'],
        ['get', '/api/v1/me/security'],
        ['get', `/api/v1/institutions/${school.id}/students`],
        ['get', `/api/v1/institutions/${school.id}/api-keys`],
        ['post', '/api/v1/me/security/totp'],
        ['post', '/api/v1/auth/step-up/totp'],
      ] as const) {
        const agent = t.request();
        const direct = await agent[method](url).set('cookie', cookie).send({ code: '123456' });
        expect([url, direct.status]).toEqual([url, 401]);
        expect(direct.headers['content-type']).toMatch(/problem\+json/);
      }
    }
    // Set-up during a pending login is only for admins the policy holds.
    const setup = await agent.post('/api/v1/auth/login/totp/setup');
    expect(setup.status).toBe(403);

    const done = await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) });
    expect(done.status).toBe(200);
    expect(done.body.email).toBe(admin.email);
    expect(String(done.headers['set-cookie'])).toMatch(/sl_admin=/);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(200);
    const session = await t.db
      .selectFrom('sessions')
      .selectAll()
      .where('admin_user_id', '=', admin.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(session.second_factor_at?.getTime()).toBe(t.clock.now.getTime());
    // The pending login is spent.
    expect(
      (
        await t
          .request()
          .post('/api/v1/auth/login/totp')
          .set('cookie', `sl_pending=${pending}`)
          .send({
            code: await codeAt(secret, 30),
          })
      ).status,
    ).toBe(401);
  });

  it('accepts a code one step early or late, not two', async () => {
    const { admin, secret } = await adminWithTotp();
    nextStep(); // the step before is unspent (the confirmation spent the one before that)
    for (const [offset, status] of [
      [-60, 401],
      [60, 401],
      [-30, 200],
    ] as const) {
      const agent = t.request();
      await login(agent, admin.email);
      const res = await agent
        .post('/api/v1/auth/login/totp')
        .send({ code: await codeAt(secret, offset) });
      expect([offset, res.status]).toEqual([offset, status]);
    }
    nextStep();
    const agent = t.request();
    await login(agent, admin.email);
    const late = await agent
      .post('/api/v1/auth/login/totp')
      .send({ code: await codeAt(secret, 30) });
    expect(late.status).toBe(200);
  });

  it('refuses a replayed code, also the one of an earlier step, and logs in with the next', async () => {
    const { admin, secret } = await adminWithTotp();
    const code = await codeAt(secret);
    const first = t.request();
    await login(first, admin.email);
    expect((await first.post('/api/v1/auth/login/totp').send({ code })).status).toBe(200);
    const replay = t.request();
    await login(replay, admin.email);
    const res = await replay.post('/api/v1/auth/login/totp').send({ code });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_code');
    const earlier = await replay
      .post('/api/v1/auth/login/totp')
      .send({ code: await codeAt(secret, -30) });
    expect(earlier.status).toBe(401);
    nextStep();
    const next = await replay.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) });
    expect(next.status).toBe(200);
  });

  it('refuses the code of another admin', async () => {
    const a = await adminWithTotp();
    const b = await adminWithTotp();
    const agent = t.request();
    await login(agent, b.admin.email);
    const res = await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(a.secret) });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_code');
    // A's code stays unspent by B's attempt.
    const aAgent = t.request();
    await login(aAgent, a.admin.email);
    expect(
      (await aAgent.post('/api/v1/auth/login/totp').send({ code: await codeAt(a.secret) })).status,
    ).toBe(200);
  });

  it('ends a pending login after 5 wrong codes', async () => {
    const { agent, right, wrong } = await pendingWithCodes();
    for (let i = 0; i < 5; i++)
      expect((await agent.post('/api/v1/auth/login/totp').send({ code: wrong })).status).toBe(401);
    const res = await agent.post('/api/v1/auth/login/totp').send({ code: right });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  // Sent at once, wrong codes were all checked before any was counted (an outside test got 9
  // checked of 40): each request now takes its attempt before its code is checked.
  it('checks no more than 5 codes of one pending login, however many arrive at once', async () => {
    const { agent, right, wrong } = await pendingWithCodes();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => agent.post('/api/v1/auth/login/totp').send({ code: wrong })),
    );
    const checked = answers.filter((r) => r.body.code === 'invalid_code');
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(checked.length).toBeGreaterThan(0);
    expect(answers.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    const res = await agent.post('/api/v1/auth/login/totp').send({ code: right });
    expect(res.status).not.toBe(200);
  });

  it('counts wrong codes against the password lockout: after 10, codes and passwords wait', async () => {
    const { admin, secret } = await adminWithTotp();
    const wrong = async () => otherCode(await codeAt(secret));
    let status = 0;
    for (let i = 0; i < 10; i++) {
      const agent = t.request();
      expect((await login(agent, admin.email)).status).toBe(202);
      status = (await agent.post('/api/v1/auth/login/totp').send({ code: await wrong() })).status;
    }
    expect(status).toBe(401);
    const locked = await login(t.request(), admin.email);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    t.clock.advance(16 * 60_000);
    const agent = t.request();
    expect((await login(agent, admin.email)).status).toBe(202);
    expect(
      (await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) })).status,
    ).toBe(200);
  });

  it('lets an admin without a second factor log in with the password alone (default policy)', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const res = await login(t.request(), admin.email);
    expect(res.status).toBe(200);
  });

  it('expires a pending login after 5 minutes', async () => {
    const { admin, secret } = await adminWithTotp();
    const agent = t.request();
    await login(agent, admin.email);
    t.clock.advance(5 * 60_000 + 1);
    const res = await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) });
    expect(res.status).toBe(401);
  });
});
