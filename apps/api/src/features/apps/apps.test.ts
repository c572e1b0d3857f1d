import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, loginAs } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';
import { recordSignIn } from '../oidc/sign-ins.service.js';
import { clientSecretHash } from './secrets.js';

let t: TestApp;
let schoolA: { id: string };
let schoolB: { id: string };
let adminA: supertest.Agent;
let adminB: supertest.Agent;
let helpdeskA: supertest.Agent;
let platform: supertest.Agent;

const apps = (iid: string) => `/api/v1/institutions/${iid}/apps`;

// 1×1 transparent PNG.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const body = (over: Record<string, unknown> = {}) => ({
  name: 'Rekenwonder',
  redirectUris: ['https://rekenwonder.example/callback'],
  postLogoutRedirectUris: ['https://rekenwonder.example/'],
  launchUrl: 'https://rekenwonder.example/login',
  audience: 'students',
  clientType: 'confidential',
  ...over,
});

const countApps = async () =>
  Number(
    (
      await t.db
        .selectFrom('apps')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  schoolA = await createInstitution(t.ctx, { name: 'School A' });
  schoolB = await createInstitution(t.ctx, { name: 'School B' });
  const a = await createAdmin(t.ctx, { institutionId: schoolA.id });
  const b = await createAdmin(t.ctx, { institutionId: schoolB.id });
  const h = await createAdmin(t.ctx, { institutionId: schoolA.id, role: 'helpdesk' });
  const p = await createAdmin(t.ctx, { platform: true });
  adminA = await loginAs(t.request(), a.email);
  adminB = await loginAs(t.request(), b.email);
  helpdeskA = await loginAs(t.request(), h.email);
  platform = await loginAs(t.request(), p.email);
});
afterAll(() => t.close());

/** The start of a code flow (PKCE) at the provider for an app, as a learning platform sends it. */
const authorize = (clientId: string) =>
  t
    .request()
    .get('/oidc/auth')
    .query({
      client_id: clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'https://rekenwonder.example/callback',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    });

describe('POST /api/v1/institutions/:iid/apps', () => {
  it('registers a confidential app: the secret once, stored hashed, in the history', async () => {
    const res = await adminA
      .post(apps(schoolA.id))
      .send(body({ logoUrl: PNG, groups: ['3A', ' 3A', '3B'] }));
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      name: 'Rekenwonder',
      clientType: 'confidential',
      audience: 'students',
      groups: ['3A', '3B'],
      subjectType: 'pairwise',
      requiresConsent: false,
      platform: false,
      enabled: true,
      logoUrl: PNG,
      usage: { lastSignInAt: null, users30d: 0 },
    });
    expect(res.body.clientId).toMatch(/^app_/);
    const secret = res.body.clientSecret as string;
    expect(secret.length).toBeGreaterThanOrEqual(43);
    const row = await t.db
      .selectFrom('apps')
      .selectAll()
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secret_hash).toBe(clientSecretHash(secret));

    const list = await adminA.get(apps(schoolA.id));
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.map((a: { id: string }) => a.id)).toContain(res.body.id);
    const one = await adminA.get(`${apps(schoolA.id)}/${res.body.id}`);
    expect(one.body).not.toHaveProperty('clientSecret');

    const history = await adminA.get(`${apps(schoolA.id)}/${res.body.id}/history`);
    expect(history.body).toEqual([
      expect.objectContaining({
        kind: 'created',
        actor: { kind: 'admin', name: 'Test Admin' },
        detail: { name: 'Rekenwonder', clientType: 'confidential' },
      }),
    ]);
  });

  it('registers a public app without a secret, which cannot get one', async () => {
    const res = await adminA.post(apps(schoolA.id)).send(
      body({
        clientType: 'public',
        redirectUris: ['http://localhost:5173/cb'],
        audience: 'both',
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('clientSecret');
    expect(res.body).toMatchObject({
      clientType: 'public',
      audience: 'both',
      secretCreatedAt: null,
    });
    const rotate = await adminA.post(`${apps(schoolA.id)}/${res.body.id}/secret`);
    expect(rotate.status).toBe(409);
    expect(rotate.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it.each([
    ['http outside localhost', { redirectUris: ['http://app.example/cb'] }, 'body.redirectUris.0'],
    ['a javascript: URI', { redirectUris: ['javascript:alert(1)'] }, 'body.redirectUris.0'],
    ['a custom scheme', { redirectUris: ['com.example.app:/cb'] }, 'body.redirectUris.0'],
    ['a relative URI', { redirectUris: ['/callback'] }, 'body.redirectUris.0'],
    ['a fragment', { redirectUris: ['https://a.example/cb#x'] }, 'body.redirectUris.0'],
    [
      'credentials in the URI',
      { redirectUris: ['https://u:p@a.example/cb'] },
      'body.redirectUris.0',
    ],
    ['a space', { redirectUris: ['https://a.example/c b'] }, 'body.redirectUris.0'],
    [
      'the same URI twice',
      { redirectUris: ['https://a.example/cb', 'https://a.example/cb'] },
      'body.redirectUris.1',
    ],
    [
      'a post-logout URI over http',
      { postLogoutRedirectUris: ['http://a.example/'] },
      'body.postLogoutRedirectUris.0',
    ],
    ['a launch URL over http', { launchUrl: 'http://a.example/start' }, 'body.launchUrl'],
    ['a logo on another server', { logoUrl: 'https://cdn.example/logo.png' }, 'body.logoUrl'],
    [
      'a logo that is no image',
      { logoUrl: `data:image/png;base64,${Buffer.from('<svg/>').toString('base64')}` },
      'body.logoUrl',
    ],
    ['a blank name', { name: '   ' }, 'body.name'],
  ])('refuses %s with 400 and writes nothing', async (_label, over, path) => {
    const before = await countApps();
    const res = await adminA.post(apps(schoolA.id)).send(body(over));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(await countApps()).toBe(before);
  });

  it.each([
    ['the name', { name: 'Reken\u0000wonder' }],
    ['a redirect URI', { redirectUris: ['https://a.example/cb\u0007'] }],
    ['a group', { groups: ['3A\u001b'] }],
    ['a group, as a zero-width space', { groups: ['3\u200bA'] }],
    ['the name, as a direction override', { name: 'Reken\u202ewonder' }],
  ])('refuses control characters in %s', async (_label, over) => {
    const before = await countApps();
    const res = await adminA.post(apps(schoolA.id)).send(body(over));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(await countApps()).toBe(before);
  });

  it('refuses unknown fields, a missing redirect URI and a malformed body', async () => {
    expect((await adminA.post(apps(schoolA.id)).send(body({ secretHash: 'x' }))).status).toBe(400);
    expect((await adminA.post(apps(schoolA.id)).send(body({ redirectUris: [] }))).status).toBe(400);
    const raw = await adminA
      .post(apps(schoolA.id))
      .set('content-type', 'application/json')
      .send('{"name":');
    expect(raw.status).toBe(400);
    expect(raw.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('tenancy and roles', () => {
  it("hides a school's apps from another school's admin, who can change nothing", async () => {
    const created = await adminA.post(apps(schoolA.id)).send(body({ name: 'Alleen A' }));
    const id = created.body.id as string;
    expect((await adminB.get(apps(schoolA.id))).status).toBe(404);
    const listB = await adminB.get(apps(schoolB.id));
    expect(JSON.stringify(listB.body)).not.toContain('Alleen A');
    for (const res of [
      await adminB.get(`${apps(schoolB.id)}/${id}`),
      await adminB.patch(`${apps(schoolB.id)}/${id}`).send({ name: 'Overgenomen' }),
      await adminB.post(`${apps(schoolB.id)}/${id}/secret`),
      await adminB.put(`${apps(schoolB.id)}/${id}/enabled`).send({ enabled: false }),
      await adminB.get(`${apps(schoolB.id)}/${id}/history`),
      await adminB.delete(`${apps(schoolB.id)}/${id}`),
      await adminA.get(`${apps(schoolA.id)}/not-a-uuid`),
    ]) {
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Alleen A');
    }
    const row = await t.db
      .selectFrom('apps')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Alleen A', disabled: false });
    expect(row.secret_hash).toBe(clientSecretHash(created.body.clientSecret));
  });

  it('keeps helpdesk users, API keys and anonymous callers out', async () => {
    expect((await helpdeskA.get(apps(schoolA.id))).status).toBe(403);
    expect((await helpdeskA.post(apps(schoolA.id)).send(body())).status).toBe(403);
    expect((await t.request().get(apps(schoolA.id))).status).toBe(401);
    const key = await adminA
      .post(`/api/v1/institutions/${schoolA.id}/api-keys`)
      .send({ name: 'Sync', scope: 'read-write' });
    const res = await t
      .request()
      .get(apps(schoolA.id))
      .set('authorization', `Bearer ${key.body.token}`);
    expect(res.status).toBe(403);
  });
});

describe('changing, rotating, disabling and deleting', () => {
  it('changes fields, rotates the secret and records each change', async () => {
    const created = await adminA.post(apps(schoolA.id)).send(body({ name: 'Taalkanjer' }));
    const id = created.body.id as string;
    const patched = await adminA
      .patch(`${apps(schoolA.id)}/${id}`)
      .send({ audience: 'parents', groups: null, logoUrl: PNG, requiresConsent: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      audience: 'parents',
      groups: null,
      requiresConsent: true,
    });

    const rotated = await adminA.post(`${apps(schoolA.id)}/${id}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    expect(rotated.body.clientSecret).not.toBe(created.body.clientSecret);
    const row = await t.db
      .selectFrom('apps')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(clientSecretHash(rotated.body.clientSecret));

    const off = await adminA.patch(`${apps(schoolA.id)}/${id}`).send({ disabled: true });
    expect(off.body).toMatchObject({ disabled: true, enabled: false });
    const on = await adminA.put(`${apps(schoolA.id)}/${id}/enabled`).send({ enabled: true });
    expect(on.body).toMatchObject({ disabled: false, enabled: true });
    // Idempotent: switching on what is on records nothing.
    await adminA.put(`${apps(schoolA.id)}/${id}/enabled`).send({ enabled: true });

    const history = await adminA.get(`${apps(schoolA.id)}/${id}/history`);
    expect(history.body.map((e: { kind: string }) => e.kind)).toEqual([
      'enabled',
      'disabled',
      'secret_rotated',
      'updated',
      'created',
    ]);
    expect(history.body[3].detail).toEqual({
      fields: ['audience', 'groups', 'logoUrl', 'requiresConsent'],
    });
    expect(JSON.stringify(history.body)).not.toContain(rotated.body.clientSecret);
    expect(JSON.stringify(history.body)).not.toContain('base64');
  });

  it('refuses an empty change and leaves the app as it was', async () => {
    const created = await adminA.post(apps(schoolA.id)).send(body({ name: 'Leeg' }));
    const res = await adminA.patch(`${apps(schoolA.id)}/${created.body.id}`).send({});
    expect(res.status).toBe(400);
    const bad = await adminA
      .patch(`${apps(schoolA.id)}/${created.body.id}`)
      .send({ name: 'Anders', redirectUris: ['http://evil.example/cb'] });
    expect(bad.status).toBe(400);
    const row = await t.db
      .selectFrom('apps')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Leeg');
  });

  it('deletes an app: gone for the provider too, its history kept', async () => {
    const created = await adminA.post(apps(schoolA.id)).send(body({ name: 'Weg' }));
    const id = created.body.id as string;
    const clientId = created.body.clientId as string;
    const before = await authorize(clientId);
    expect(before.status).toBe(303);
    expect((await adminA.delete(`${apps(schoolA.id)}/${id}`)).status).toBe(204);
    expect((await adminA.get(`${apps(schoolA.id)}/${id}`)).status).toBe(404);
    expect((await adminA.delete(`${apps(schoolA.id)}/${id}`)).status).toBe(404);
    const after = await authorize(clientId);
    expect(after.status).toBe(400);
    expect(after.text).toContain('invalid_client');
    const events = await t.db
      .selectFrom('app_events')
      .selectAll()
      .where('app_id', '=', id)
      .execute();
    expect(events.map((e) => e.kind).sort()).toEqual(['created', 'deleted']);
  });
});

describe('platform apps', () => {
  it('are registered by the platform admin only, and each school switches them on for itself', async () => {
    expect((await adminA.post('/api/v1/platform/apps').send(body())).status).toBe(403);
    expect((await adminA.get('/api/v1/platform/apps')).status).toBe(403);
    expect((await t.request().get('/api/v1/platform/apps')).status).toBe(401);
    expect(
      (await platform.post('/api/v1/platform/apps').send(body({ groups: ['3A'] }))).status,
    ).toBe(400);

    const created = await platform
      .post('/api/v1/platform/apps')
      .send(body({ name: 'Nationaal Leerplatform', audience: 'both' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ platform: true, enabled: true });
    const id = created.body.id as string;

    const listA = await adminA.get(apps(schoolA.id));
    const seen = listA.body.find((a: { id: string }) => a.id === id);
    expect(seen).toMatchObject({ platform: true, enabled: false, disabled: false });
    expect(seen).not.toHaveProperty('clientSecret');

    const patch = await adminA.patch(`${apps(schoolA.id)}/${id}`).send({ name: 'Van ons' });
    expect(patch.status).toBe(403);
    expect((await adminA.delete(`${apps(schoolA.id)}/${id}`)).status).toBe(403);
    expect((await adminA.post(`${apps(schoolA.id)}/${id}/secret`)).status).toBe(403);

    const on = await adminA.put(`${apps(schoolA.id)}/${id}/enabled`).send({ enabled: true });
    expect(on.status).toBe(200);
    expect(on.body.enabled).toBe(true);
    const inB = await adminB.get(`${apps(schoolB.id)}/${id}`);
    expect(inB.body.enabled).toBe(false);

    const historyA = await adminA.get(`${apps(schoolA.id)}/${id}/history`);
    expect(historyA.body.map((e: { kind: string }) => e.kind)).toEqual(['switched_on', 'created']);
    const historyB = await adminB.get(`${apps(schoolB.id)}/${id}/history`);
    expect(historyB.body.map((e: { kind: string }) => e.kind)).toEqual(['created']);

    // The platform admin disables it for everyone: on for A, but no longer usable.
    await platform.patch(`/api/v1/platform/apps/${id}`).send({ disabled: true });
    expect((await adminA.get(`${apps(schoolA.id)}/${id}`)).body).toMatchObject({
      enabled: false,
      disabled: true,
    });
    const off = await adminA.put(`${apps(schoolA.id)}/${id}/enabled`).send({ enabled: false });
    expect(off.status).toBe(200);
    const all = await platform.get(`/api/v1/platform/apps/${id}/history`);
    expect(all.body.map((e: { kind: string }) => e.kind)).toEqual([
      'switched_off',
      'disabled',
      'switched_on',
      'created',
    ]);
    // A school's own app is not a platform app.
    const own = await adminA.post(apps(schoolA.id)).send(body({ name: 'Eigen' }));
    expect((await platform.get(`/api/v1/platform/apps/${own.body.id}`)).status).toBe(404);
  });
});

describe('usage', () => {
  it('shows the last sign-in and the distinct people of the last 30 days, per school', async () => {
    const created = await adminA
      .post(apps(schoolA.id))
      .send(body({ name: 'Gebruikt', audience: 'both' }));
    const { clientId, id } = created.body as { clientId: string; id: string };
    const one = await studentWithAccount(t.ctx, schoolA.id, {
      parent_emails: ['ouder@example.be'],
    });
    const two = await studentWithAccount(t.ctx, schoolA.id);
    await activeCoAccount(t.ctx, one.student, 1, 'ouder-wachtwoord-lang');

    await recordSignIn(t.ctx, `s.${two.student.id}`, clientId);
    // That one was 31 days ago (moving the clock would end the admins' sessions).
    await t.db
      .updateTable('account_events')
      .set({ created_at: new Date(t.clock.now.getTime() - 31 * 86_400_000) })
      .where('kind', '=', 'app_login')
      .where('student_id', '=', two.student.id)
      .execute();
    await recordSignIn(t.ctx, `s.${one.student.id}`, clientId);
    await recordSignIn(t.ctx, `s.${one.student.id}`, clientId);
    await recordSignIn(t.ctx, `p.${one.student.id}.1`, clientId);
    const last = t.clock.now.toISOString();

    const res = await adminA.get(apps(schoolA.id));
    const app = res.body.find((a: { id: string }) => a.id === id);
    expect(app.usage).toEqual({ lastSignInAt: last, users30d: 2 });
    const other = await adminB.get(apps(schoolB.id));
    expect(JSON.stringify(other.body)).not.toContain(clientId);
  });
});

describe('GET /api/v1/portal/launchpad', () => {
  it("shows a student the apps of the school that are for students and the student's group", async () => {
    const school = await createInstitution(t.ctx, { name: 'Launch School' });
    const admin = await loginAs(
      t.request(),
      (await createAdmin(t.ctx, { institutionId: school.id })).email,
    );
    const make = async (over: Record<string, unknown>) =>
      (await admin.post(apps(school.id)).send(body(over))).body as { id: string; name: string };
    await make({ name: 'Voor iedereen', launchUrl: 'https://a.example/start?x=1' });
    await make({ name: 'Voor 3A', groups: ['3A'], launchUrl: null });
    await make({ name: 'Voor 3B', groups: ['3B'] });
    await make({ name: 'Voor ouders', audience: 'parents' });
    const off = await make({ name: 'Uitgezet' });
    await admin.patch(`${apps(school.id)}/${off.id}`).send({ disabled: true });
    const national = await platform
      .post('/api/v1/platform/apps')
      .send(body({ name: 'Nationaal', audience: 'both' }));
    await platform.post('/api/v1/platform/apps').send(body({ name: 'Niet aangezet' }));
    await admin.put(`${apps(school.id)}/${national.body.id}/enabled`).send({ enabled: true });

    const { student, username } = await studentWithAccount(
      t.ctx,
      school.id,
      { first_name: 'Lotte', group_name: '3A', parent_emails: ['ouder@example.be'] },
      { password: 'zal659' },
    );
    const kid = t.request();
    expect((await kid.get('/api/v1/portal/launchpad')).status).toBe(401);
    expect(
      (await kid.post('/api/v1/portal/login').send({ username, password: 'zal659' })).status,
    ).toBe(200);
    const res = await kid.get('/api/v1/portal/launchpad');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.child).toBeNull();
    expect(res.body.apps.map((a: { name: string }) => a.name)).toEqual([
      'Nationaal',
      'Voor 3A',
      'Voor iedereen',
    ]);
    const byName = Object.fromEntries(
      res.body.apps.map((a: { name: string; url: string }) => [a.name, a.url]),
    );
    expect(byName['Voor iedereen']).toBe(
      `https://a.example/start?x=1&iss=${encodeURIComponent(t.config.publicBaseUrl)}`,
    );
    expect(byName['Voor 3A']).toBe('https://rekenwonder.example/');

    await activeCoAccount(t.ctx, student, 1, 'ouder-wachtwoord-lang');
    const parent = t.request();
    await parent.post('/api/v1/portal/login').send({ username, password: 'ouder-wachtwoord-lang' });
    const forParent = await parent.get('/api/v1/portal/launchpad');
    expect(forParent.body.apps.map((a: { name: string }) => a.name)).toEqual([
      'Nationaal',
      'Voor ouders',
    ]);
    expect(forParent.body.child).toMatchObject({ firstName: 'Lotte', status: 'active' });
    expect(forParent.body.child.activeSince).toEqual(expect.any(String));
  });
});

describe('GET /api/v1/institutions/:iid/students/:sid/apps', () => {
  it("lists the apps a student and the student's parents signed in to, last first", async () => {
    const first = await adminA.post(apps(schoolA.id)).send(body({ name: 'Woordwiel' }));
    const second = await adminA
      .post(apps(schoolA.id))
      .send(body({ name: 'Rekenrups', audience: 'both' }));
    const { student } = await studentWithAccount(t.ctx, schoolA.id, {
      parent_emails: ['ouder@example.be'],
    });
    await activeCoAccount(t.ctx, student, 1, 'ouder-wachtwoord-lang');
    const path = `${apps(schoolA.id).replace('/apps', '')}/students/${student.id}/apps`;
    expect((await helpdeskA.get(path)).body).toEqual([]);

    await recordSignIn(t.ctx, `s.${student.id}`, first.body.clientId);
    t.clock.advance(60_000);
    await recordSignIn(t.ctx, `s.${student.id}`, second.body.clientId);
    t.clock.advance(60_000);
    await recordSignIn(t.ctx, `s.${student.id}`, second.body.clientId);
    const studentLast = t.clock.now.toISOString();
    t.clock.advance(60_000);
    await recordSignIn(t.ctx, `p.${student.id}.1`, second.body.clientId);
    const parentLast = t.clock.now.toISOString();

    const res = await helpdeskA.get(path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        appId: second.body.id,
        name: 'Rekenrups',
        role: 'parent',
        lastSignInAt: parentLast,
        signIns: 1,
      }),
      expect.objectContaining({
        appId: second.body.id,
        role: 'student',
        lastSignInAt: studentLast,
        signIns: 2,
      }),
      expect.objectContaining({ appId: first.body.id, name: 'Woordwiel', signIns: 1 }),
    ]);

    // A deleted app keeps its name from the last sign-in.
    await adminA.delete(`${apps(schoolA.id)}/${first.body.id}`).expect(204);
    const after = await helpdeskA.get(path);
    expect(after.body[2]).toMatchObject({ appId: null, name: 'Woordwiel' });

    // Another school's admin, an unknown student: 404.
    expect((await adminB.get(path.replace(schoolA.id, schoolB.id))).status).toBe(404);
    expect((await adminB.get(path)).status).toBe(404);
    const unknown = path.replace(student.id, '00000000-0000-4000-8000-000000000000');
    expect((await adminA.get(unknown)).status).toBe(404);
  });
});
