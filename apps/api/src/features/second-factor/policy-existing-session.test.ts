import { describe, expect, it } from '@jest/globals';
import { createAdmin, createInstitution } from '../../test/factories.js';
import { mailedTo } from '../../test/mail-support.js';
import { appForFile } from '../../test/per-file.js';
import {
  adminSignedIn,
  confirmTotp,
  countApiKeys,
  passwordStep as login,
  securityEvents,
  totpCode,
} from '../../test/second-factor-support.js';

// A session of an admin without a factor, from before the school required one. Found by an
// outside test: it went on creating read-write API keys and resetting colleagues' factors (a
// step-up with no factor checked nothing), while the dashboard only held such admins in its router.

const t = appForFile();

describe('a session from before the policy, of an admin without a factor', () => {
  it('does nothing sensitive until a factor is set up, and can set one up', async () => {
    const school = await createInstitution(t.ctx);
    const me = await adminSignedIn(t, { institutionId: school.id });
    const colleague = await adminSignedIn(t, { institutionId: school.id });
    await confirmTotp(t, colleague.agent);
    const keys = `/api/v1/institutions/${school.id}/api-keys`;
    const reset = `/api/v1/institutions/${school.id}/admins/${colleague.admin.id}/second-factor-reset`;
    // Before the policy: allowed (no factor, nothing to step up with).
    expect((await me.agent.post(keys).send({ name: 'Voor', scope: 'read' })).status).toBe(201);

    const policy = await colleague.agent
      .put(`/api/v1/institutions/${school.id}/security-policy`)
      .send({ requireSecondFactor: true });
    expect(policy.status).toBe(200);
    const countKeys = () => countApiKeys(t, school.id);
    const before = await countKeys();

    const key = await me.agent.post(keys).send({ name: 'Na', scope: 'read-write' });
    expect(key.status).toBe(403);
    expect(key.headers['content-type']).toMatch(/problem\+json/);
    expect(key.body.code).toBe('second_factor_setup_required');
    expect(key.body.title).toBe('Stel eerst een tweede factor in');
    expect((await me.agent.post(reset)).status).toBe(403);
    expect(await countKeys()).toBe(before);
    const colleagueTotp = await t.db
      .selectFrom('admin_totp')
      .select('confirmed_at')
      .where('admin_user_id', '=', colleague.admin.id)
      .executeTakeFirst();
    expect(colleagueTotp?.confirmed_at).toBeInstanceOf(Date);
    // Reading goes on (the session ends by its own limits; the next login asks for the set-up).
    expect((await me.agent.get(`/api/v1/institutions/${school.id}/students`)).status).toBe(200);

    // Setting up the first factor is what it may do, and then the rest again.
    await confirmTotp(t, me.agent);
    expect((await me.agent.post(keys).send({ name: 'Met factor', scope: 'read' })).status).toBe(
      201,
    );
  });

  it('an app linked at the login the policy holds is in the history and mailed (review finding)', async () => {
    const school = await createInstitution(t.ctx);
    const colleague = await adminSignedIn(t, { institutionId: school.id });
    await confirmTotp(t, colleague.agent);
    await colleague.agent
      .put(`/api/v1/institutions/${school.id}/security-policy`)
      .send({ requireSecondFactor: true });
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const agent = t.request();
    const held = await login(agent, admin.email);
    expect(held.body.secondFactor.setupRequired).toBe(true);
    const setup = await agent.post('/api/v1/auth/login/totp/setup');
    expect(setup.status).toBe(200);
    const done = await agent
      .post('/api/v1/auth/login/totp')
      .send({ code: await totpCode(t, setup.body.secret) });
    expect(done.status).toBe(200);
    expect((await securityEvents(t, admin.id)).map((e) => e.kind)).toEqual(['totp_added']);
    expect(await mailedTo(t, admin.email)).toEqual(['admin_totp_added']);
  });
});
