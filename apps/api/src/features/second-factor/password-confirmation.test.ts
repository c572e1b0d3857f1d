import { describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { TEST_PASSWORD } from '../../test/factories.js';
import { mailedTo } from '../../test/mail-support.js';
import { passkeySchool, RP } from '../../test/passkey-support.js';
import {
  adminSignedIn,
  confirmPassword,
  passwordStep as login,
  securityEvents,
  totpCode,
} from '../../test/second-factor-support.js';
import { SoftAuthenticator } from '../../test/webauthn-authenticator.js';
import { PASSWORD_CONFIRMATION_MS } from './policy.js';

// The first second factor needs the password confirmed by the session ("sudo mode"). Found by an
// outside review: the session cookie alone (an unlocked office PC, a leaked cookie) added an
// intruder's passkey, which then logged in from anywhere, outlived a password reset and locked
// the real admin out. Ending the other sessions on a change of factors: factor-sessions.test.ts.

const { t, school, adminWithPasskey } = passkeySchool();

const CONFIRM = '/api/v1/me/security/confirm-password';

/** A new admin of the school without any factor, logged in with the password only. */
const plainAdmin = () => adminSignedIn(t, { institutionId: school.id });

/** What the admin has of factors, stored: app (confirmed or not), passkeys, challenges. */
async function stored(adminId: string) {
  const count = async (rows: Promise<unknown[]>) => (await rows).length;
  return {
    totp: await count(
      t.db
        .selectFrom('admin_totp')
        .select('admin_user_id')
        .where('admin_user_id', '=', adminId)
        .execute(),
    ),
    passkeys: await count(
      t.db.selectFrom('admin_passkeys').select('id').where('admin_user_id', '=', adminId).execute(),
    ),
    challenges: await count(
      t.db
        .selectFrom('webauthn_challenges')
        .select('challenge')
        .where('admin_user_id', '=', adminId)
        .execute(),
    ),
    events: (await securityEvents(t, adminId)).length,
  };
}
const NOTHING = { totp: 0, passkeys: 0, challenges: 0, events: 0 };

const expectConfirmationRequired = (res: supertest.Response) => {
  expect(res.status).toBe(403);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  expect(res.body).toMatchObject({
    code: 'password_confirmation_required',
    title: 'Bevestig eerst je wachtwoord',
  });
};

/** Starts and finishes adding a passkey on `agent`: the two answers. */
async function addPasskey(agent: supertest.Agent, auth = new SoftAuthenticator(RP)) {
  const options = await agent.post('/api/v1/me/security/passkeys/options');
  if (options.status !== 200) return { options, added: undefined };
  const added = await agent
    .post('/api/v1/me/security/passkeys')
    .send({ name: 'Sleutel', credential: auth.register(options.body) });
  return { options, added };
}

describe('the first second factor with the session cookie alone', () => {
  it('is refused for an app and a passkey (403): nothing stored, recorded or mailed', async () => {
    const { admin, agent } = await plainAdmin();
    expectConfirmationRequired(await agent.post('/api/v1/me/security/totp'));
    expectConfirmationRequired(
      await agent.post('/api/v1/me/security/totp/confirm').send({ code: '123456' }),
    );
    const { options } = await addPasskey(agent);
    expectConfirmationRequired(options);
    // The finish is guarded too (a challenge from an earlier confirmation, say).
    const finish = await agent
      .post('/api/v1/me/security/passkeys')
      .send({ name: 'Sleutel', credential: new SoftAuthenticator(RP).register(fakeOptions()) });
    expectConfirmationRequired(finish);
    expect(await stored(admin.id)).toEqual(NOTHING);
    expect(await mailedTo(t, admin.email)).toEqual([]);
    // Still one step at the next login, and the session itself goes on.
    expect((await login(t.request(), admin.email)).status).toBe(200);
    expect((await agent.get('/api/v1/me/security')).status).toBe(200);
  });

  it('works within 10 minutes of confirming the password: an app, then a passkey', async () => {
    const { admin, agent } = await plainAdmin();
    const confirmed = await agent.post(CONFIRM).send({ password: TEST_PASSWORD });
    expect(confirmed.status).toBe(204);
    const row = await t.db
      .selectFrom('sessions')
      .select('password_confirmed_at')
      .where('admin_user_id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(row.password_confirmed_at?.getTime()).toBe(t.clock.now.getTime());
    t.clock.advance(PASSWORD_CONFIRMATION_MS - 60_000);
    const setup = await agent.post('/api/v1/me/security/totp');
    expect(setup.status).toBe(200);
    const linked = await agent
      .post('/api/v1/me/security/totp/confirm')
      .send({ code: await totpCode(t, setup.body.secret) });
    expect(linked.status).toBe(204);
    // Linking counts as the factor done now: a passkey next to it needs no password again.
    t.clock.advance(2 * 60_000);
    const { added } = await addPasskey(agent);
    expect(added?.status).toBe(201);
    expect(await stored(admin.id)).toMatchObject({ totp: 1, passkeys: 1, events: 2 });
    expect(await mailedTo(t, admin.email)).toEqual(['admin_totp_added', 'admin_passkey_added']);
    expect((await login(t.request(), admin.email)).body.secondFactor.methods).toEqual([
      'passkey',
      'totp',
    ]);
  });

  it('is a passkey too, with the password confirmed', async () => {
    const { admin, agent } = await plainAdmin();
    await confirmPassword(agent);
    const { options, added } = await addPasskey(agent);
    expect(options.status).toBe(200);
    expect(added?.status).toBe(201);
    expect(await stored(admin.id)).toMatchObject({ passkeys: 1, events: 1 });
  });

  it('needs the confirmation of this session, not of another one of the same admin', async () => {
    const { admin, agent } = await plainAdmin();
    const other = t.request();
    expect((await login(other, admin.email)).status).toBe(200);
    await confirmPassword(other);
    expectConfirmationRequired(await agent.post('/api/v1/me/security/totp'));
    expect(await stored(admin.id)).toEqual(NOTHING);
  });
});

describe('POST /api/v1/me/security/confirm-password', () => {
  it('refuses a wrong password (401), confirms nothing and keeps the session', async () => {
    const { admin, agent } = await plainAdmin();
    const wrong = await agent.post(CONFIRM).send({ password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);
    expect(wrong.body.code).toBe('invalid_credentials');
    const session = await t.db
      .selectFrom('sessions')
      .select('password_confirmed_at')
      .where('admin_user_id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(session.password_confirmed_at).toBeNull();
    expectConfirmationRequired(await agent.post('/api/v1/me/security/totp'));
    expect((await agent.get('/api/v1/auth/me')).status).toBe(200);
  });

  it('counts a wrong password as a failed login of this admin, in the same lockout', async () => {
    const { admin, agent } = await plainAdmin();
    const other = await plainAdmin();
    // As at the login: this browser's own counter first (it logged in here), then, its lock
    // running, the admin's e-mail address for untrusted clients, which then holds every login.
    let status = 0;
    let tries = 0;
    for (; tries < 30 && status !== 429; tries++)
      status = (await agent.post(CONFIRM).send({ password: `wrong ${tries}` })).status;
    expect(status).toBe(429);
    expect(tries).toBeGreaterThan(10);
    const locked = await login(t.request(), admin.email);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    // The right password waits too, and nothing was confirmed; another admin is not held.
    const right = await agent.post(CONFIRM).send({ password: TEST_PASSWORD });
    expect(right.status).toBe(429);
    expectConfirmationRequired(await agent.post('/api/v1/me/security/totp'));
    expect((await login(t.request(), other.admin.email)).status).toBe(200);
    t.clock.advance(16 * 60_000);
    await confirmPassword(agent);
    expect((await agent.post('/api/v1/me/security/totp')).status).toBe(200);
  });

  it('expires after 10 minutes, also between the start and the finish of a set-up', async () => {
    const { admin, agent } = await plainAdmin();
    await confirmPassword(agent);
    t.clock.advance(PASSWORD_CONFIRMATION_MS + 1000);
    expectConfirmationRequired(await agent.post('/api/v1/me/security/totp'));
    expectConfirmationRequired((await addPasskey(agent)).options);

    // Started in time, finished too late: not linked until the password is confirmed again.
    await confirmPassword(agent);
    const setup = await agent.post('/api/v1/me/security/totp');
    expect(setup.status).toBe(200);
    t.clock.advance(PASSWORD_CONFIRMATION_MS + 1000);
    const late = await agent
      .post('/api/v1/me/security/totp/confirm')
      .send({ code: await totpCode(t, setup.body.secret) });
    expectConfirmationRequired(late);
    expect(await stored(admin.id)).toMatchObject({ events: 0 });
    await confirmPassword(agent);
    const linked = await agent
      .post('/api/v1/me/security/totp/confirm')
      .send({ code: await totpCode(t, setup.body.secret) });
    expect(linked.status).toBe(204);
  });

  it('does not stand in for a factor the admin has (the step-up is asked)', async () => {
    const { admin, agent } = await adminWithPasskey();
    t.clock.advance(16 * 60_000);
    await confirmPassword(agent);
    const begin = await agent.post('/api/v1/me/security/totp');
    expect(begin.status).toBe(403);
    expect(begin.body).toMatchObject({ code: 'step_up_required', methods: ['passkey'] });
    expect((await addPasskey(agent)).options.status).toBe(403);
    expect(await stored(admin.id)).toMatchObject({ totp: 0, passkeys: 1 });
  });

  it('answers 401 without a session and 400 without a password', async () => {
    const anon = await t.request().post(CONFIRM).send({ password: TEST_PASSWORD });
    expect(anon.status).toBe(401);
    const { agent } = await plainAdmin();
    expect((await agent.post(CONFIRM).send({})).status).toBe(400);
    expect((await agent.post(CONFIRM).send({ password: '' })).status).toBe(400);
  });
});

/** Registration options of our shape for a made-up challenge (the server never issued it). */
function fakeOptions() {
  return {
    challenge: Buffer.from('never issued by the server').toString('base64url'),
    user: { id: Buffer.alloc(16).toString('base64url') },
  };
}
