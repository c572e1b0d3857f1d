import { describe, expect, it } from '@jest/globals';
import { createAdmin } from '../../test/factories.js';
import { mailedTo } from '../../test/mail-support.js';
import { expectRefused, passkeySchool, RP } from '../../test/passkey-support.js';
import {
  confirmPassword,
  passwordStep as login,
  securityEvents,
} from '../../test/second-factor-support.js';
import { SoftAuthenticator } from '../../test/webauthn-authenticator.js';

// Passkeys with a software authenticator: real attestations and assertions, the server's
// verification unmocked. Registering, step-up, rename and removal; logging in:
// passkey-login.test.ts.

const { t, school, adminWithPasskey } = passkeySchool();

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
    const events = (await securityEvents(t, admin.id)).map(({ kind, detail }) => ({
      kind,
      detail,
    }));
    expect(events).toEqual([{ kind: 'passkey_added', detail: { name: 'Laptop' } }]);
    expect(await mailedTo(t, admin.email)).toEqual(['admin_passkey_added']);
    const again = await login(t.request(), admin.email);
    expect(again.status).toBe(202);
    expect(again.body.secondFactor.methods).toEqual(['passkey']);
    expect((await agent.get('/api/v1/me/security')).body.passkeys).toEqual({ count: 1 });
  });

  it('refuses a replayed registration, a challenge of another session and a wrong origin', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const [a, b] = [t.request(), t.request()];
    await login(a, admin.email);
    await login(b, admin.email);
    // Both confirm the password: what is refused below is the challenge, not the session.
    await confirmPassword(a);
    await confirmPassword(b);
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
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const agent = t.request();
    await login(agent, admin.email);
    await confirmPassword(agent);
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
    const kinds = (await securityEvents(t, admin.id)).map((e) => e.kind);
    expect(kinds).toEqual(['passkey_added', 'passkey_removed']);
    expect(await mailedTo(t, admin.email)).toEqual([
      'admin_passkey_added',
      'admin_passkey_removed',
    ]);
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

describe('a second passkey whose options were asked while the step-up was fresh', () => {
  it('is refused at the finish once the step-up has gone stale (review finding)', async () => {
    const { admin, agent } = await adminWithPasskey();
    t.clock.advance(14 * 60_000);
    const options = await agent.post('/api/v1/me/security/passkeys/options');
    expect(options.status).toBe(200);
    t.clock.advance(2 * 60_000);
    const other = new SoftAuthenticator(RP);
    const res = await agent
      .post('/api/v1/me/security/passkeys')
      .send({ name: 'Telefoon', credential: other.register(options.body) });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('step_up_required');
    const stored = await t.db
      .selectFrom('admin_passkeys')
      .select('name')
      .where('admin_user_id', '=', admin.id)
      .execute();
    expect(stored).toEqual([{ name: 'Laptop' }]);
  });
});
