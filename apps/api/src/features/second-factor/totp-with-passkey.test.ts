import { describe, expect, it } from '@jest/globals';
import { passkeySchool } from '../../test/passkey-support.js';
import {
  confirmTotp,
  passwordStep as login,
  securityEvents,
  totpCode,
} from '../../test/second-factor-support.js';

// An admin whose factor is a passkey links an authenticator app too. Found by an outside test: a
// session whose factor had gone stale could link an app of its own, which then stood in for the
// factor it never proved (step-up, removing the passkey, new recovery codes) and the admin heard
// nothing of it.

const { t, adminWithPasskey } = passkeySchool();

const totpRow = (adminId: string) =>
  t.db.selectFrom('admin_totp').selectAll().where('admin_user_id', '=', adminId).executeTakeFirst();

const history = async (adminId: string) => ({
  events: (await securityEvents(t, adminId)).map((e) => e.kind),
  mails: (
    await t.db
      .selectFrom('outbox')
      .select(['template', 'recipient'])
      .orderBy('created_at')
      .execute()
  ).map((m) => `${m.template} ${m.recipient}`),
});

describe('linking an authenticator app next to a passkey', () => {
  it('a session whose factor is stale can neither start nor finish it', async () => {
    const { admin, agent, auth, passkeyId } = await adminWithPasskey();
    // Started while the factor was fresh, left unfinished.
    const started = await agent.post('/api/v1/me/security/totp');
    expect(started.status).toBe(200);
    t.clock.advance(16 * 60_000);
    const before = await history(admin.id);

    const begin = await agent.post('/api/v1/me/security/totp');
    expect(begin.status).toBe(403);
    expect(begin.headers['content-type']).toMatch(/problem\+json/);
    expect(begin.body).toMatchObject({ code: 'step_up_required', methods: ['passkey'] });
    const confirm = await agent
      .post('/api/v1/me/security/totp/confirm')
      .send({ code: await totpCode(t, started.body.secret) });
    expect(confirm.status).toBe(403);
    expect(confirm.body.code).toBe('step_up_required');
    // Nothing was linked and nothing else opened: the passkey stays, the login still asks for it.
    expect((await totpRow(admin.id))?.confirmed_at ?? null).toBeNull();
    expect((await agent.delete(`/api/v1/me/security/passkeys/${passkeyId}`)).status).toBe(403);
    expect((await login(t.request(), admin.email)).body.secondFactor.methods).toEqual(['passkey']);
    expect(await history(admin.id)).toEqual(before);

    // After the passkey again, linking works.
    const options = (await agent.post('/api/v1/auth/step-up/passkey/options')).body;
    const stepUp = await agent
      .post('/api/v1/auth/step-up/passkey')
      .send({ credential: auth.assert(options) });
    expect(stepUp.status).toBe(204);
    await confirmTotp(t, agent);
    expect((await totpRow(admin.id))?.confirmed_at).toBeInstanceOf(Date);
  });

  it('is in the admin’s history and mailed to them, and so is removing it', async () => {
    const { admin, agent } = await adminWithPasskey();
    const setup = await agent.post('/api/v1/me/security/totp');
    const wrong = await agent.post('/api/v1/me/security/totp/confirm').send({ code: '000000' });
    const right = await totpCode(t, setup.body.secret);
    if (right !== '000000') expect(wrong.status).toBe(401);
    const linked = await agent.post('/api/v1/me/security/totp/confirm').send({ code: right });
    expect(linked.status).toBe(204);
    expect((await agent.delete('/api/v1/me/security/totp')).status).toBe(204);
    const { events, mails } = await history(admin.id);
    expect(events).toEqual(['passkey_added', 'totp_added', 'totp_removed']);
    expect(mails.filter((m) => m.endsWith(` ${admin.email}`))).toEqual([
      `admin_passkey_added ${admin.email}`,
      `admin_totp_added ${admin.email}`,
      `admin_totp_removed ${admin.email}`,
    ]);
    // Removing an app that was never linked records nothing.
    await agent.post('/api/v1/me/security/totp');
    expect((await agent.delete('/api/v1/me/security/totp')).status).toBe(204);
    expect((await history(admin.id)).events).toEqual(events);
  });
});
