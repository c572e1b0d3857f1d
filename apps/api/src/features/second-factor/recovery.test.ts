import { describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin } from '../../test/factories.js';
import { appWithSchool } from '../../test/per-file.js';
import {
  adminSignedIn,
  confirmTotp,
  passwordStep as login,
  securityEvents,
} from '../../test/second-factor-support.js';

const { t, school } = appWithSchool();

const RECOVERY = '/api/v1/me/security/recovery-codes';

/** The admin's stored recovery codes, with when each was used. */
const storedCodes = (adminUserId: string) =>
  t.db
    .selectFrom('admin_recovery_codes')
    .select(['id', 'used_at'])
    .where('admin_user_id', '=', adminUserId)
    .execute();

/** The admin's `recovery_code_used` events. */
const codeUsedEvents = async (adminUserId: string) =>
  (await securityEvents(t, adminUserId)).filter((e) => e.kind === 'recovery_code_used');

/** An admin with a confirmed app and a set of recovery codes, and the agent that made them. */
async function adminWithCodes() {
  const { admin, agent } = await adminSignedIn(t, { institutionId: school.id });
  const { secret } = await confirmTotp(t, agent);
  const res = await agent.post(RECOVERY);
  expect(res.status).toBe(200);
  t.clock.advance(30_000);
  return { admin, secret, agent, codes: res.body.codes as string[] };
}

async function pending(email: string) {
  const agent = t.request();
  expect((await login(agent, email)).status).toBe(202);
  return agent;
}

const useCode = (agent: supertest.Agent, code: string) =>
  agent.post('/api/v1/auth/login/recovery').send({ code });

describe('POST /api/v1/me/security/recovery-codes', () => {
  it('returns ten distinct codes once and stores only keyed hashes', async () => {
    const { admin, codes, agent } = await adminWithCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const rows = await t.db
      .selectFrom('admin_recovery_codes')
      .selectAll()
      .where('admin_user_id', '=', admin.id)
      .execute();
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const c of codes) {
      expect(stored).not.toContain(c);
      expect(stored).not.toContain(c.replace(/-/g, ''));
    }
    expect((await agent.get('/api/v1/me/security')).body.recoveryCodes).toEqual({ remaining: 10 });
  });

  it('refuses without a second factor (409) and without a recent one (403 step_up_required)', async () => {
    const plain = await createAdmin(t.ctx, { institutionId: school.id });
    const agent = t.request();
    await login(agent, plain.email);
    const none = await agent.post(RECOVERY);
    expect(none.status).toBe(409);
    expect(none.headers['content-type']).toMatch(/problem\+json/);

    const { admin, codes } = await adminWithCodes();
    const later = await pending(admin.email);
    await useCode(later, codes[0]!);
    t.clock.advance(16 * 60_000);
    const stale = await later.post(RECOVERY);
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe('step_up_required');
    // Nothing changed: the old set (minus the used one) still counts.
    expect((await later.get('/api/v1/me/security')).body.recoveryCodes).toEqual({ remaining: 9 });
  });

  it('makes the earlier set useless when a new one is made', async () => {
    const { admin, codes, agent } = await adminWithCodes();
    const fresh = await agent.post(RECOVERY);
    expect(fresh.status).toBe(200);
    const res = await useCode(await pending(admin.email), codes[0]!);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_code');
    expect((await useCode(await pending(admin.email), fresh.body.codes[0])).status).toBe(200);
  });
});

describe('POST /api/v1/auth/login/recovery', () => {
  it('logs in once per code, records it and mails the admin', async () => {
    const { admin, codes } = await adminWithCodes();
    const agent = await pending(admin.email);
    // Case, spaces and hyphens do not matter.
    const typed = ` ${codes[3]!.toUpperCase().replace(/-/g, ' ')} `;
    const res = await useCode(agent, typed);
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(admin.email);
    expect(String(res.headers['set-cookie'])).toMatch(/sl_admin=/);
    expect(String(res.headers['set-cookie'])).toMatch(/sl_pending=;/);
    expect((await agent.get('/api/v1/me/security')).body.recoveryCodes).toEqual({ remaining: 9 });

    const events = await codeUsedEvents(admin.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toEqual({ remaining: 9 });
    const mails = await t.db
      .selectFrom('outbox')
      .select(['template', 'recipient'])
      .where('recipient', '=', admin.email)
      .execute();
    // Linking the authenticator app in the setup, then the code used.
    expect(mails.map((m) => `${m.template} ${m.recipient}`).sort()).toEqual([
      `admin_recovery_code_used ${admin.email}`,
      `admin_totp_added ${admin.email}`,
    ]);

    const replay = await useCode(await pending(admin.email), codes[3]!);
    expect(replay.status).toBe(401);
    expect(replay.headers['content-type']).toMatch(/problem\+json/);
    expect(replay.body.code).toBe('invalid_code');
  });

  it('lets exactly one of two concurrent logins with the same code through', async () => {
    const { admin, codes } = await adminWithCodes();
    const agents = await Promise.all([pending(admin.email), pending(admin.email)]);
    const results = await Promise.all(agents.map((a) => useCode(a, codes[5]!)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const used = (await storedCodes(admin.id)).filter((c) => c.used_at !== null);
    expect(used).toHaveLength(1);
    expect(await codeUsedEvents(admin.id)).toHaveLength(1);
  });

  it("refuses another admin's code and leaves it unspent", async () => {
    const a = await adminWithCodes();
    const b = await adminWithCodes();
    expect((await useCode(await pending(b.admin.email), a.codes[0]!)).status).toBe(401);
    expect((await useCode(await pending(a.admin.email), a.codes[0]!)).status).toBe(200);
  });

  it('refuses NUL bytes and junk with a problem, without spending anything', async () => {
    const { admin, codes } = await adminWithCodes();
    const agent = await pending(admin.email);
    const nul = await useCode(agent, `${codes[0]}\u0000`);
    expect(nul.status).toBe(400);
    expect(nul.headers['content-type']).toMatch(/problem\+json/);
    for (const junk of ['x'.repeat(64), codes[0]!.replace(/-/g, '_'), 'aaaa-aaaa-aaa0'])
      expect((await useCode(agent, junk)).status).toBe(401);
    expect((await useCode(agent, codes[0]!)).status).toBe(200);
  });

  it('is no way past the second step without a pending login, and counts against it', async () => {
    const { admin, codes } = await adminWithCodes();
    const direct = await useCode(t.request(), codes[0]!);
    expect(direct.status).toBe(401);
    expect(direct.body.code).toBe('unauthenticated');
    const agent = await pending(admin.email);
    for (let i = 0; i < 5; i++) expect((await useCode(agent, 'aaaa-bbbb-cccc')).status).toBe(401);
    const dead = await useCode(agent, codes[0]!);
    expect(dead.status).toBe(401);
    expect(dead.body.code).toBe('unauthenticated');
    // The code survived the dead login.
    expect((await useCode(await pending(admin.email), codes[0]!)).status).toBe(200);
  });

  it('drops the codes when the last factor is removed', async () => {
    const { admin, agent } = await adminWithCodes();
    expect((await agent.delete('/api/v1/me/security/totp')).status).toBe(204);
    expect(await storedCodes(admin.id)).toEqual([]);
  });
});
