import { describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution } from '../../test/factories.js';
import { mailedTo } from '../../test/mail-support.js';
import { appForFile } from '../../test/per-file.js';
import {
  adminSignedIn,
  confirmTotp,
  passwordStep as login,
  securityEvents,
  totpCode,
} from '../../test/second-factor-support.js';

const t = appForFile();

const codeAt = (secret: string) => totpCode(t, secret);
const events = (adminUserId: string) => securityEvents(t, adminUserId);

/** A logged-in agent for a new admin; with `totp`, one whose app is confirmed (fresh factor). */
async function signedIn(opts: {
  institutionId?: string;
  role?: 'admin' | 'helpdesk';
  platform?: boolean;
  totp?: boolean;
}) {
  const { admin, agent } = await adminSignedIn(t, opts);
  let secret = '';
  if (opts.totp) {
    secret = (await confirmTotp(t, agent)).secret;
    t.clock.advance(30_000);
  }
  return { admin, agent, secret };
}

/**
 * The end of every refused reset: a NUL in the id is no id, and once the caller's factor is stale
 * the reset asks for a step-up; the target's app stays confirmed.
 */
async function expectNulAndStaleRefused(
  caller: supertest.Agent,
  url: (id: string) => string,
  targetId: string,
) {
  const nul = await caller.post(url(`${targetId}\u0000`));
  expect([400, 404]).toContain(nul.status);
  t.clock.advance(16 * 60_000);
  const stale = await caller.post(url(targetId));
  expect(stale.status).toBe(403);
  expect(stale.body.code).toBe('step_up_required');
  const totp = await t.db
    .selectFrom('admin_totp')
    .select('confirmed_at')
    .where('admin_user_id', '=', targetId)
    .executeTakeFirst();
  expect(totp?.confirmed_at).toBeTruthy();
}

/** The factors_reset event of the target (exactly one) and the mail it got. */
async function expectResetRecorded(
  target: { id: string; email: string },
  by: { actor_id: string; institution_id: string | null },
) {
  const reset = (await events(target.id)).filter((e) => e.kind === 'factors_reset');
  expect(reset).toHaveLength(1);
  expect(reset[0]).toMatchObject(by);
  // The colleague linked an authenticator app (in setup), then their factors were reset.
  expect((await mailedTo(t, target.email)).sort()).toEqual([
    'admin_factors_reset',
    'admin_totp_added',
  ]);
}

describe('PUT /api/v1/institutions/:iid/security-policy', () => {
  it('lets a school admin require a factor: its people set one up at the next login', async () => {
    const school = await createInstitution(t.ctx);
    const url = `/api/v1/institutions/${school.id}/security-policy`;
    const { admin, agent } = await signedIn({ institutionId: school.id, totp: true });
    expect((await agent.get(url)).body).toEqual({
      requireSecondFactor: false,
      requiredByPlatform: false,
    });
    const res = await agent.put(url).send({ requireSecondFactor: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ requireSecondFactor: true, requiredByPlatform: false });
    // The admin linked an authenticator app (in setup) before switching the policy on.
    expect((await events(admin.id)).map((e) => e.kind)).toEqual(['totp_added', 'school_policy_on']);

    const helpdesk = await createAdmin(t.ctx, { institutionId: school.id, role: 'helpdesk' });
    const held = await login(t.request(), helpdesk.email);
    expect(held.status).toBe(202);
    expect(held.body.secondFactor.setupRequired).toBe(true);
    // Another school is untouched.
    const elsewhere = await createAdmin(t.ctx, {
      institutionId: (await createInstitution(t.ctx)).id,
    });
    expect((await login(t.request(), elsewhere.email)).status).toBe(200);
  });

  it('refuses helpdesk (403), another school (404), a stale factor (403 step_up_required), junk (400)', async () => {
    const school = await createInstitution(t.ctx);
    const other = await createInstitution(t.ctx);
    const url = `/api/v1/institutions/${school.id}/security-policy`;
    const helpdesk = await signedIn({ institutionId: school.id, role: 'helpdesk' });
    expect((await helpdesk.agent.put(url).send({ requireSecondFactor: true })).status).toBe(403);
    const foreign = await signedIn({ institutionId: other.id });
    const res = await foreign.agent.put(url).send({ requireSecondFactor: true });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);

    const { agent } = await signedIn({ institutionId: school.id, totp: true });
    t.clock.advance(16 * 60_000);
    const stale = await agent.put(url).send({ requireSecondFactor: true });
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe('step_up_required');
    for (const body of [{ requireSecondFactor: 'yes' }, { requireSecondFactor: true, x: 1 }, {}])
      expect((await agent.put(url).send(body)).status).toBe(400);
    const row = await t.db
      .selectFrom('institutions')
      .select('require_second_factor')
      .where('id', '=', school.id)
      .executeTakeFirstOrThrow();
    expect(row.require_second_factor).toBe(false);
  });
});

describe('PUT /api/v1/platform/security-policy', () => {
  it('is for platform admins only and holds every admin of the installation', async () => {
    const school = await createInstitution(t.ctx);
    const schoolAdmin = await signedIn({ institutionId: school.id });
    expect((await schoolAdmin.agent.get('/api/v1/platform/security-policy')).status).toBe(403);
    expect(
      (
        await schoolAdmin.agent
          .put('/api/v1/platform/security-policy')
          .send({ requireSecondFactor: true })
      ).status,
    ).toBe(403);

    const platform = await signedIn({ platform: true, totp: true });
    const on = await platform.agent
      .put('/api/v1/platform/security-policy')
      .send({ requireSecondFactor: true });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ requireSecondFactor: true });
    const someone = await createAdmin(t.ctx, { institutionId: school.id });
    const held = await login(t.request(), someone.email);
    expect(held.status).toBe(202);
    expect(held.body.secondFactor).toEqual({ methods: [], setupRequired: true });
    expect(
      (await schoolAdmin.agent.get(`/api/v1/institutions/${school.id}/security-policy`)).body,
    ).toEqual({ requireSecondFactor: false, requiredByPlatform: true });

    const off = await platform.agent
      .put('/api/v1/platform/security-policy')
      .send({ requireSecondFactor: false });
    expect(off.body).toEqual({ requireSecondFactor: false });
    expect((await login(t.request(), someone.email)).status).toBe(200);
  });
});

describe('POST /api/v1/institutions/:iid/admins/:adminId/second-factor-reset', () => {
  it("removes a colleague's factors, ends their sessions, records and mails it", async () => {
    const school = await createInstitution(t.ctx);
    const me = await signedIn({ institutionId: school.id, totp: true });
    const colleague = await signedIn({ institutionId: school.id, totp: true });
    await colleague.agent.post('/api/v1/me/security/recovery-codes');
    const url = `/api/v1/institutions/${school.id}/admins/${colleague.admin.id}/second-factor-reset`;
    expect((await me.agent.post(url)).status).toBe(204);

    expect((await colleague.agent.get('/api/v1/auth/me')).status).toBe(401);
    for (const table of ['admin_totp', 'admin_recovery_codes', 'admin_passkeys'] as const) {
      const rows = await t.db
        .selectFrom(table)
        .select('admin_user_id')
        .where('admin_user_id', '=', colleague.admin.id)
        .execute();
      expect([table, rows]).toEqual([table, []]);
    }
    await expectResetRecorded(colleague.admin, {
      actor_id: me.admin.id,
      institution_id: school.id,
    });
    // The password alone works again (no policy here); the old codes do not.
    expect((await login(t.request(), colleague.admin.email)).status).toBe(200);
  });

  it('refuses oneself, helpdesk, other schools, platform admins, malformed ids and a stale factor', async () => {
    const school = await createInstitution(t.ctx);
    const other = await createInstitution(t.ctx);
    const me = await signedIn({ institutionId: school.id, totp: true });
    const target = await signedIn({ institutionId: school.id, totp: true });
    const outsider = await createAdmin(t.ctx, { institutionId: other.id });
    const platform = await createAdmin(t.ctx, { institutionId: school.id, platform: true });
    const url = (id: string, iid = school.id) =>
      `/api/v1/institutions/${iid}/admins/${id}/second-factor-reset`;

    expect((await me.agent.post(url(me.admin.id))).status).toBe(403);
    expect((await me.agent.post(url(outsider.id))).status).toBe(404);
    expect((await me.agent.post(url(outsider.id, other.id))).status).toBe(404);
    expect((await me.agent.post(url('not-a-uuid'))).status).toBe(404);
    expect((await me.agent.post(url(platform.id))).status).toBe(403);
    const helpdesk = await signedIn({ institutionId: school.id, role: 'helpdesk' });
    expect((await helpdesk.agent.post(url(target.admin.id))).status).toBe(403);
    // Nothing changed for the target.
    await expectNulAndStaleRefused(me.agent, (id) => url(id), target.admin.id);
  });
});

describe('an admin who works for several schools', () => {
  // The reset ends every session of the person: one school's admin may not end the work of an
  // admin of another school (found by an outside test).
  it("is reset by a school's admin only when that admin manages each of those schools too", async () => {
    const school = await createInstitution(t.ctx);
    const other = await createInstitution(t.ctx);
    const me = await signedIn({ institutionId: school.id, totp: true });
    const shared = await signedIn({ institutionId: school.id, totp: true });
    await t.db
      .insertInto('memberships')
      .values({ admin_user_id: shared.admin.id, institution_id: other.id, role: 'helpdesk' })
      .execute();
    const url = `/api/v1/institutions/${school.id}/admins/${shared.admin.id}/second-factor-reset`;
    const refused = await me.agent.post(url);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    // Nothing changed: the factor stays, the session too.
    expect((await shared.agent.get('/api/v1/auth/me')).status).toBe(200);
    expect(
      await t.db
        .selectFrom('admin_totp')
        .select('admin_user_id')
        .where('admin_user_id', '=', shared.admin.id)
        .execute(),
    ).toHaveLength(1);
    // As a helpdesk member of the other school, still refused; as its admin, allowed.
    await t.db
      .insertInto('memberships')
      .values({ admin_user_id: me.admin.id, institution_id: other.id, role: 'helpdesk' })
      .execute();
    expect((await me.agent.post(url)).status).toBe(403);
    await t.db
      .updateTable('memberships')
      .set({ role: 'admin' })
      .where('admin_user_id', '=', me.admin.id)
      .where('institution_id', '=', other.id)
      .execute();
    expect((await me.agent.post(url)).status).toBe(204);
    expect((await shared.agent.get('/api/v1/auth/me')).status).toBe(401);
  });
});

describe('POST /api/v1/platform/admins/:adminId/second-factor-reset', () => {
  it("a platform admin resets anyone's factors, also of an admin without a school", async () => {
    const school = await createInstitution(t.ctx);
    const platform = await signedIn({ institutionId: school.id, platform: true, totp: true });
    const loner = await signedIn({ platform: true, totp: true });
    const url = (id: string) => `/api/v1/platform/admins/${id}/second-factor-reset`;
    expect((await platform.agent.post(url(loner.admin.id))).status).toBe(204);
    expect((await loner.agent.get('/api/v1/auth/me')).status).toBe(401);
    const totp = await t.db
      .selectFrom('admin_totp')
      .select('admin_user_id')
      .where('admin_user_id', '=', loner.admin.id)
      .execute();
    expect(totp).toEqual([]);
    await expectResetRecorded(loner.admin, { actor_id: platform.admin.id, institution_id: null });
  });

  it('refuses school admins, oneself, unknown and malformed ids, and a stale factor', async () => {
    const school = await createInstitution(t.ctx);
    const platform = await signedIn({ institutionId: school.id, platform: true, totp: true });
    const schoolAdmin = await signedIn({ institutionId: school.id, totp: true });
    const target = await signedIn({ institutionId: school.id, totp: true });
    const url = (id: string) => `/api/v1/platform/admins/${id}/second-factor-reset`;
    expect((await schoolAdmin.agent.post(url(target.admin.id))).status).toBe(403);
    expect((await platform.agent.post(url(platform.admin.id))).status).toBe(403);
    expect((await platform.agent.post(url('00000000-0000-4000-8000-000000000000'))).status).toBe(
      404,
    );
    const bad = await platform.agent.post(url('not-a-uuid'));
    expect(bad.status).toBe(404);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    await expectNulAndStaleRefused(platform.agent, url, target.admin.id);
  });
});

describe('second factor and the rest of the login', () => {
  it('a password reset link never bypasses the factor: no session, and the next login asks for it', async () => {
    const school = await createInstitution(t.ctx);
    const { admin, secret } = await signedIn({ institutionId: school.id, totp: true });
    expect(
      (await t.request().post('/api/v1/auth/password-resets').send({ email: admin.email })).status,
    ).toBe(202);
    const row = await t.db
      .selectFrom('outbox')
      .select(['id', 'message_enc'])
      .where('recipient', '=', admin.email)
      .where('template', 'like', '%reset%')
      .executeTakeFirstOrThrow();
    const text = JSON.parse(t.ctx.secrets.open(row.message_enc!, `outbox:${row.id}`))
      .text as string;
    const token = /\/beheer\/wachtwoord\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;
    const set = await t
      .request()
      .post(`/api/v1/auth/password-links/${token}`)
      .send({ password: 'Nieuw-Schooljaar-2027' });
    expect(set.status).toBe(204);
    expect(String(set.headers['set-cookie'] ?? '')).not.toMatch(/sl_admin=/);
    const agent = t.request();
    const next = await login(agent, admin.email, 'Nieuw-Schooljaar-2027');
    expect(next.status).toBe(202);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
    const done = await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) });
    expect(done.status).toBe(200);
  });

  it('logout during a pending login clears the pending cookie and ends the pending state', async () => {
    const school = await createInstitution(t.ctx);
    const { admin, secret } = await signedIn({ institutionId: school.id, totp: true });
    const agent = t.request();
    const res = await login(agent, admin.email);
    const pending = /sl_pending=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
    const out = await agent.post('/api/v1/auth/logout').set('cookie', `sl_pending=${pending}`);
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/sl_pending=;.*Path=\/api\/v1\/auth\/login/);
    const after = await t
      .request()
      .post('/api/v1/auth/login/totp')
      .set('cookie', `sl_pending=${pending}`)
      .send({ code: await codeAt(secret) });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
  });
});
