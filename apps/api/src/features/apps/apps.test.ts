import { describe, expect, it } from '@jest/globals';
import { appBody as body, appsPath as apps, appsWorld } from '../../test/apps-support.js';
import { countRows } from '../../test/factories.js';
import { clientSecretHash } from './secrets.js';

// Registering a school's apps, who may see and change them, and changing, rotating and deleting
// them. Platform apps, usage and the launchpad: apps-usage.test.ts.

const { t, schoolA, schoolB, adminA, adminB, helpdeskA } = appsWorld();

// 1×1 transparent PNG.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const countApps = () => countRows(t, 'apps');
const appRow = (id: string) =>
  t.db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

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
    const row = await appRow(res.body.id);
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
    const row = await appRow(id);
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
    const row = await appRow(id);
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
    const row = await appRow(created.body.id);
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
