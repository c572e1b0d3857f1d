import { describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution } from '../../test/factories.js';
import { mailedTo as queued } from '../../test/mail-support.js';

/** The templates mailed to an address, in name order (mails of one test instant tie on time). */
const mailedTo = async (...args: Parameters<typeof queued>) => (await queued(...args)).sort();
import { passkeySchool, RP } from '../../test/passkey-support.js';
import {
  adminSignedIn,
  confirmPassword,
  confirmTotp,
  passwordStep as login,
  securityEvents,
  totpCode,
} from '../../test/second-factor-support.js';
import { SoftAuthenticator } from '../../test/webauthn-authenticator.js';

// A change of one's own factors (an app or a passkey added or removed, new recovery codes) ends
// the admin's other sessions and keeps the one that made it. Found by an outside review: a
// stranger holding a session (a leaked cookie, a PC left logged in) stayed logged in through
// every change the real admin made. The mails about the change are still sent.

const { t, school, adminWithPasskey } = passkeySchool();

/** Whether the agent's session still lives (its dashboard answers who is logged in). */
const alive = async (agent: supertest.Agent) => {
  const res = await agent.get('/api/v1/auth/me');
  if (res.status === 401) expect(res.body.code).toBe('unauthenticated');
  return res.status === 200;
};

/** Further browsers of the admin, logged in with the password (an admin without a factor). */
async function otherBrowsers(email: string, n = 2) {
  const agents = [];
  for (let i = 0; i < n; i++) {
    const agent = t.request();
    expect((await login(agent, email)).status).toBe(200);
    agents.push(agent);
  }
  return agents;
}

/** A browser of an admin with a passkey on `auth`, logged in with the password and it. */
async function withPasskey(email: string, auth: SoftAuthenticator) {
  const agent = t.request();
  expect((await login(agent, email)).status).toBe(202);
  const options = (await agent.post('/api/v1/auth/login/passkey/options')).body;
  const done = await agent
    .post('/api/v1/auth/login/passkey')
    .send({ credential: auth.assert(options) });
  expect(done.status).toBe(200);
  return agent;
}

/** A browser of an admin with an app, logged in with the password and a code. */
async function withCode(email: string, secret: string) {
  t.clock.advance(30_000); // each code counts once
  const agent = t.request();
  expect((await login(agent, email)).status).toBe(202);
  const done = await agent
    .post('/api/v1/auth/login/totp')
    .send({ code: await totpCode(t, secret) });
  expect(done.status).toBe(200);
  return agent;
}

const sessionsOf = async (adminId: string) =>
  (await t.db.selectFrom('sessions').select('id').where('admin_user_id', '=', adminId).execute())
    .length;

describe('adding a factor', () => {
  it('an app: ends the other sessions, keeps this one and other admins’, mails', async () => {
    const { admin, agent } = await adminSignedIn(t, { institutionId: school.id });
    const [b, c] = await otherBrowsers(admin.email);
    const colleague = await adminSignedIn(t, { institutionId: school.id });
    expect(await sessionsOf(admin.id)).toBe(3);

    await confirmTotp(t, agent);

    expect([await alive(agent), await alive(b!), await alive(c!)]).toEqual([true, false, false]);
    expect(await sessionsOf(admin.id)).toBe(1);
    expect(await alive(colleague.agent)).toBe(true);
    expect((await securityEvents(t, admin.id)).map((e) => e.kind)).toEqual(['totp_added']);
    expect(await mailedTo(t, admin.email)).toEqual(['admin_totp_added']);
  });

  it('a passkey, the first and a second one: each ends the other sessions', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const [stranger] = await otherBrowsers(admin.email, 1);
    const { agent, auth } = await adminWithPasskeyFor(admin.email);
    expect([await alive(agent), await alive(stranger!)]).toEqual([true, false]);

    // Logged in again elsewhere with the passkey; a second passkey added here ends that too.
    const elsewhere = await withPasskey(admin.email, auth);
    const second = (await agent.post('/api/v1/me/security/passkeys/options')).body;
    const added = await agent
      .post('/api/v1/me/security/passkeys')
      .send({ name: 'Telefoon', credential: new SoftAuthenticator(RP).register(second) });
    expect(added.status).toBe(201);
    expect([await alive(agent), await alive(elsewhere)]).toEqual([true, false]);
    expect(await mailedTo(t, admin.email)).toEqual(['admin_passkey_added', 'admin_passkey_added']);
  });

  it('an app linked at a login the policy holds: the sessions from before end', async () => {
    const strict = await createInstitution(t.ctx, { name: 'Strikte school' });
    const admin = await createAdmin(t.ctx, { institutionId: strict.id });
    const [before] = await otherBrowsers(admin.email, 1);
    await t.db
      .updateTable('institutions')
      .set({ require_second_factor: true })
      .where('id', '=', strict.id)
      .execute();
    const agent = t.request();
    expect((await login(agent, admin.email)).body.secondFactor.setupRequired).toBe(true);
    const setup = await agent.post('/api/v1/auth/login/totp/setup');
    const done = await agent
      .post('/api/v1/auth/login/totp')
      .send({ code: await totpCode(t, setup.body.secret) });
    expect(done.status).toBe(200);
    expect([await alive(agent), await alive(before!)]).toEqual([true, false]);
    expect(await mailedTo(t, admin.email)).toEqual(['admin_totp_added']);
  });

  it('ends nothing when the addition is refused (a wrong code, a refused passkey)', async () => {
    const { admin, agent } = await adminSignedIn(t, { institutionId: school.id });
    const [b] = await otherBrowsers(admin.email, 1);
    await confirmPassword(agent);
    const setup = await agent.post('/api/v1/me/security/totp');
    const right = await totpCode(t, setup.body.secret);
    const wrong = right === '000000' ? '111111' : '000000';
    const refused = await agent.post('/api/v1/me/security/totp/confirm').send({ code: wrong });
    expect(refused.status).toBe(401);
    const options = (await agent.post('/api/v1/me/security/passkeys/options')).body;
    const noUv = new SoftAuthenticator({ ...RP, userVerified: false });
    const passkey = await agent
      .post('/api/v1/me/security/passkeys')
      .send({ name: 'X', credential: noUv.register(options) });
    expect(passkey.status).toBe(401);
    expect([await alive(agent), await alive(b!)]).toEqual([true, true]);
  });
});

describe('removing a factor and new recovery codes', () => {
  it('removing the app ends the other sessions, this one stays', async () => {
    const { admin, agent } = await adminSignedIn(t, { institutionId: school.id });
    const { secret } = await confirmTotp(t, agent);
    const other = await withCode(admin.email, secret);
    // The step-up of the linking is still fresh here (within 15 minutes).
    expect((await agent.delete('/api/v1/me/security/totp')).status).toBe(204);
    expect([await alive(agent), await alive(other)]).toEqual([true, false]);
    expect(await mailedTo(t, admin.email)).toEqual(['admin_totp_added', 'admin_totp_removed']);
  });

  it('removing a passkey ends the other sessions; renaming one does not', async () => {
    const { admin, agent, auth, passkeyId } = await adminWithPasskey();
    const elsewhere = await withPasskey(admin.email, auth);
    const renamed = await agent
      .patch(`/api/v1/me/security/passkeys/${passkeyId}`)
      .send({ name: 'Werk-laptop' });
    expect(renamed.status).toBe(200);
    expect([await alive(agent), await alive(elsewhere)]).toEqual([true, true]);
    expect((await agent.delete(`/api/v1/me/security/passkeys/${passkeyId}`)).status).toBe(204);
    expect([await alive(agent), await alive(elsewhere)]).toEqual([true, false]);
    expect(await sessionsOf(admin.id)).toBe(1);
    expect(await mailedTo(t, admin.email)).toEqual([
      'admin_passkey_added',
      'admin_passkey_removed',
    ]);
  });

  it('new recovery codes end the other sessions, this one stays', async () => {
    const { admin, agent } = await adminSignedIn(t, { institutionId: school.id });
    const { secret } = await confirmTotp(t, agent);
    const other = await withCode(admin.email, secret);
    const codes = await agent.post('/api/v1/me/security/recovery-codes');
    expect(codes.status).toBe(200);
    expect([await alive(agent), await alive(other)]).toEqual([true, false]);
    expect((await securityEvents(t, admin.id)).map((e) => e.kind)).toEqual([
      'totp_added',
      'recovery_codes_created',
    ]);
  });
});

/** adminWithPasskey for an existing admin: logs in, confirms the password, adds one passkey. */
async function adminWithPasskeyFor(email: string) {
  const agent = t.request();
  expect((await login(agent, email)).status).toBe(200);
  await confirmPassword(agent);
  const auth = new SoftAuthenticator(RP);
  const options = (await agent.post('/api/v1/me/security/passkeys/options')).body;
  const res = await agent
    .post('/api/v1/me/security/passkeys')
    .send({ name: 'Laptop', credential: auth.register(options) });
  expect(res.status).toBe(201);
  return { agent, auth };
}
