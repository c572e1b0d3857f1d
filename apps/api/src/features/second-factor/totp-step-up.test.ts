import { describe, expect, it } from '@jest/globals';
import { createAdmin, createInstitution, createStudent } from '../../test/factories.js';
import {
  countApiKeys,
  passwordStep as login,
  totpSchool,
} from '../../test/second-factor-support.js';

// An authenticator app (TOTP) asked again for sensitive changes (step-up), and a school that
// requires a second factor. Setting it up and logging in: totp.test.ts.

const { t, school, codeAt, nextStep, adminWithTotp } = totpSchool();

/** Two admins of the school with an app, each logged in with it (its own session). */
async function makerAndColleague() {
  const signIn = async (who: Awaited<ReturnType<typeof adminWithTotp>>) => {
    const agent = t.request();
    await login(agent, who.admin.email);
    await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(who.secret) });
    return agent;
  };
  const makerAgent = await signIn(await adminWithTotp());
  nextStep();
  const colleagueAgent = await signIn(await adminWithTotp());
  return { makerAgent, colleagueAgent };
}

describe('step-up', () => {
  it('asks for the factor again after 15 minutes before creating an API key or adding an admin', async () => {
    const { admin, secret } = await adminWithTotp();
    const agent = t.request();
    await login(agent, admin.email);
    await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) });
    const keys = `/api/v1/institutions/${school.id}/api-keys`;
    const admins = `/api/v1/institutions/${school.id}/admins`;
    expect((await agent.post(keys).send({ name: 'Fresh', scope: 'read' })).status).toBe(201);

    t.clock.advance(16 * 60_000);
    const countKeys = () => countApiKeys(t, school.id);
    const before = await countKeys();
    const refused = await agent.post(keys).send({ name: 'Stale', scope: 'read' });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'step_up_required', methods: ['totp'] });
    const addAdmin = await agent
      .post(admins)
      .send({ name: 'Nieuwe Collega', email: 'nieuw@school.test', role: 'admin' });
    expect(addAdmin.status).toBe(403);
    expect(addAdmin.body.code).toBe('step_up_required');
    const exportsUrl = `/api/v1/institutions/${school.id}/exports`;
    const whole = await agent.post(exportsUrl).send({});
    expect(whole.status).toBe(403);
    // The whole school however the filter is written: a search of nothing or of spaces only is
    // no filter (found by an outside test: `{"q":""}` exported every password without the factor).
    for (const filter of [{}, { q: '' }, { q: '   ' }]) {
      const res = await agent.post(exportsUrl).send({ filter });
      expect([JSON.stringify(filter), res.status, res.body.code]).toEqual([
        JSON.stringify(filter),
        403,
        'step_up_required',
      ]);
    }
    // A filter that selects part of the school is no step-up (this school has no such group).
    const part = await agent.post(exportsUrl).send({ filter: { group: '1A' } });
    expect(part.body.code).not.toBe('step_up_required');
    expect(await countKeys()).toBe(before);
    // Reading is not sensitive.
    expect((await agent.get(keys)).status).toBe(200);

    const wrong = (await codeAt(secret)) === '000000' ? '111111' : '000000';
    expect((await agent.post('/api/v1/auth/step-up/totp').send({ code: wrong })).status).toBe(401);
    expect(
      (await agent.post('/api/v1/auth/step-up/totp').send({ code: await codeAt(secret) })).status,
    ).toBe(204);
    expect((await agent.post(keys).send({ name: 'Stepped up', scope: 'read' })).status).toBe(201);
  });

  it('asks for it before a reprint of more than a class, however the selection is written', async () => {
    const { admin, secret } = await adminWithTotp();
    const agent = t.request();
    await login(agent, admin.email);
    await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) });
    const ids: string[] = [];
    for (let i = 0; i < 51; i++)
      ids.push(
        (await createStudent(t.ctx, school.id, { group_name: 'Massa', last_name: `Nr${i}` })).id,
      );
    const created = await agent.post(`/api/v1/institutions/${school.id}/accounts`).send({
      items: ids.map((studentId) => ({ studentId, type: 'basic', passwordKind: 'word' })),
    });
    expect(created.status).toBe(201);

    t.clock.advance(16 * 60_000);
    const url = `/api/v1/institutions/${school.id}/exports`;
    // Found by an outside test: each of these exported every password without the factor.
    for (const selection of [
      { filter: { group: 'Massa' } },
      { filter: { status: 'active' } },
      { filter: { type: 'basic' } },
      { studentIds: ids },
    ]) {
      const res = await agent.post(url).send({ ...selection, format: 'xlsx' });
      expect([Object.keys(selection.filter ?? {}), res.status, res.body.code]).toEqual([
        Object.keys(selection.filter ?? {}),
        403,
        'step_up_required',
      ]);
    }
    // A class's worth is no mass export, nor is the preview (it holds no password).
    expect(
      (await agent.post(url).send({ studentIds: ids.slice(0, 50), format: 'xlsx' })).status,
    ).toBe(200);
    expect((await agent.post(`${url}/preview`).send({ studentIds: ids })).status).toBe(200);
  });

  it('asks for it before a batch of more than a class is shown or printed again, except by its maker within the hour', async () => {
    const { makerAgent, colleagueAgent } = await makerAndColleague();
    const ids: string[] = [];
    for (let i = 0; i < 51; i++)
      ids.push((await createStudent(t.ctx, school.id, { last_name: `Batch${i}` })).id);
    const items = (list: string[]) =>
      list.map((studentId) => ({ studentId, type: 'basic', passwordKind: 'word' }));
    const accounts = `/api/v1/institutions/${school.id}/accounts`;
    const big = await makerAgent.post(accounts).send({ items: items(ids) });
    expect(big.status).toBe(201);
    const batch = (bid: string) => `/api/v1/institutions/${school.id}/batches/${bid}`;
    const show = (agent: typeof makerAgent, bid: string) =>
      Promise.all([
        agent.get(`${batch(bid)}/credentials`),
        agent.get(`${batch(bid)}/export`).query({ format: 'xlsx' }),
      ]).then((answers) => answers.map((r) => [r.status, r.body.code]));

    t.clock.advance(16 * 60_000);
    // The maker's result screen, within the hour: the creation answer held these passwords.
    expect(await show(makerAgent, big.body.batchId)).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
    // A colleague (found by an outside test: a helpdesk user downloaded a whole-school batch).
    const refused = [403, 'step_up_required'];
    expect(await show(colleagueAgent, big.body.batchId)).toEqual([refused, refused]);
    // The maker, later (the session kept alive meanwhile).
    for (let i = 0; i < 3; i++) {
      t.clock.advance(16 * 60_000);
      expect((await makerAgent.get('/api/v1/auth/me')).status).toBe(200);
    }
    expect(await show(makerAgent, big.body.batchId)).toEqual([refused, refused]);
  });

  it('counts what a session shows again without a recent factor, however it splits its selections', async () => {
    const { admin, secret } = await adminWithTotp();
    const agent = t.request();
    await login(agent, admin.email);
    await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) });
    const groups: Record<string, string[]> = { Split1: [], Split2: [], Split3: [], Split4: [] };
    for (const [group, ids] of Object.entries(groups))
      for (let i = 0; i < 20; i++)
        ids.push(
          (await createStudent(t.ctx, school.id, { group_name: group, last_name: `S${i}` })).id,
        );
    const withAccounts = [...groups.Split1!, ...groups.Split2!, ...groups.Split3!];
    const created = await agent.post(`/api/v1/institutions/${school.id}/accounts`).send({
      items: withAccounts.map((studentId) => ({ studentId, type: 'basic', passwordKind: 'word' })),
    });
    expect(created.status).toBe(201);
    const url = `/api/v1/institutions/${school.id}/exports`;
    const reprint = async (studentIds: string[]) => {
      const res = await agent.post(url).send({ studentIds, format: 'xlsx' });
      return [res.status, res.body.code];
    };
    const refused = [403, 'step_up_required'];
    const shown = [200, undefined];

    t.clock.advance(16 * 60_000);
    // Class by class (found by an outside test: a whole school printed 50 at a time).
    expect(await reprint(groups.Split1!)).toEqual(shown);
    expect(await reprint(groups.Split2!)).toEqual(shown);
    expect(await reprint(groups.Split3!)).toEqual(refused);
    // Refused counts nothing; students without a password to print count nothing either.
    expect(await reprint(groups.Split3!.slice(0, 10))).toEqual(shown);
    expect(await reprint(groups.Split4!)).toEqual([422, 'unprocessable']);
    expect(await reprint(groups.Split3!.slice(10, 11))).toEqual(refused);

    // The factor renews the allowance; what is shown while it is recent does not count.
    await agent.post('/api/v1/auth/step-up/totp').send({ code: await codeAt(secret) });
    expect(await reprint(groups.Split3!)).toEqual(shown);
    expect(await reprint(groups.Split1!)).toEqual(shown);
    t.clock.advance(16 * 60_000);
    // Two at once: exactly one of them fits in what is left.
    const both = await Promise.all([
      reprint(withAccounts.slice(0, 30)),
      reprint(withAccounts.slice(30, 60)),
    ]);
    expect(both.sort()).toEqual([shown, refused].sort());
  });

  it("counts a colleague's batch shown again against the session", async () => {
    const { makerAgent, colleagueAgent } = await makerAndColleague();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push((await createStudent(t.ctx, school.id, { last_name: `Small${i}` })).id);
    const made = await makerAgent.post(`/api/v1/institutions/${school.id}/accounts`).send({
      items: ids.map((studentId) => ({ studentId, type: 'basic', passwordKind: 'picture' })),
    });
    expect(made.status).toBe(201);
    const batch = `/api/v1/institutions/${school.id}/batches/${made.body.batchId}`;
    t.clock.advance(16 * 60_000);
    const statuses = [];
    for (const path of ['credentials', 'export', 'credentials'])
      statuses.push(
        (await colleagueAgent.get(`${batch}/${path}`).query({ format: 'xlsx' })).status,
      );
    expect(statuses).toEqual([200, 200, 403]);
    // The maker's own result screen within the hour is not counted.
    for (let i = 0; i < 3; i++)
      expect((await makerAgent.get(`${batch}/credentials`)).status).toBe(200);
  });

  it('needs a recent factor to remove the app', async () => {
    const { admin, secret } = await adminWithTotp();
    const agent = t.request();
    await login(agent, admin.email);
    await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) });
    t.clock.advance(16 * 60_000);
    expect((await agent.delete('/api/v1/me/security/totp')).status).toBe(403);
    await agent.post('/api/v1/auth/step-up/totp').send({ code: await codeAt(secret) });
    expect((await agent.delete('/api/v1/me/security/totp')).status).toBe(204);
    expect((await login(t.request(), admin.email)).status).toBe(200);
  });

  it('leaves API keys unaffected', async () => {
    const { admin, secret } = await adminWithTotp();
    const agent = t.request();
    await login(agent, admin.email);
    await agent.post('/api/v1/auth/login/totp').send({ code: await codeAt(secret) });
    const key = await agent
      .post(`/api/v1/institutions/${school.id}/api-keys`)
      .send({ name: 'Sync', scope: 'read' });
    t.clock.advance(60 * 60_000);
    const res = await t
      .request()
      .get(`/api/v1/institutions/${school.id}/students`)
      .set('authorization', `Bearer ${key.body.token}`);
    expect(res.status).toBe(200);
  });
});

describe('policy: a school requires a second factor', () => {
  it('holds the login until an app is set up and confirmed, with nothing else reachable', async () => {
    const school = await createInstitution(t.ctx, { name: 'Streng' });
    await t.db
      .updateTable('institutions')
      .set({ require_second_factor: true })
      .where('id', '=', school.id)
      .execute();
    const admin = await createAdmin(t.ctx, { institutionId: school.id, role: 'helpdesk' });
    const agent = t.request();
    const res = await login(agent, admin.email);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ secondFactor: { methods: [], setupRequired: true } });
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
    expect((await agent.get(`/api/v1/institutions/${school.id}/students`)).status).toBe(401);
    const setup = await agent.post('/api/v1/auth/login/totp/setup');
    expect(setup.status).toBe(200);
    const done = await agent
      .post('/api/v1/auth/login/totp')
      .send({ code: await codeAt(setup.body.secret) });
    expect(done.status).toBe(200);
    expect((await agent.get(`/api/v1/institutions/${school.id}/students`)).status).toBe(200);
    // From now on the factor is asked like for anyone who has one.
    nextStep();
    const again = await login(t.request(), admin.email);
    expect(again.body).toEqual({ secondFactor: { methods: ['totp'], setupRequired: false } });
  });
});
