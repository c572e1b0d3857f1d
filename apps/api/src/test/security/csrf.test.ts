import { beforeAll, describe, expect, it } from '@jest/globals';
import { createAdmin, createInstitution, createStudent, loginAs } from '../factories.js';
import { appForFile } from '../per-file.js';
import { studentWithAccount } from '../portal-factories.js';

// The same-origin check of cookie-authenticated writes is skipped only for requests that the
// route authenticated by API key, never because an Authorization header is merely present.

const t = appForFile();
let iid: string;
let apiKey: string;
const BOGUS = 'Bearer slk_not-a-real-key';

beforeAll(async () => {
  iid = (await createInstitution(t.ctx)).id;
  const admin = await createAdmin(t.ctx, { institutionId: iid });
  const agent = await loginAs(t.request(), admin.email);
  const key = await agent
    .post(`/api/v1/institutions/${iid}/api-keys`)
    .send({ name: 'tool', scope: 'read-write' });
  apiKey = key.body.token;
});

describe('CSRF check with an Authorization header', () => {
  it('refuses a cross-site admin logout that carries a bogus Authorization header', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: iid });
    const agent = await loginAs(t.request(), admin.email);
    const res = await agent
      .post('/api/v1/auth/logout')
      .set('authorization', BOGUS)
      .set('sec-fetch-site', 'cross-site');
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await agent.get('/api/v1/auth/me')).status).toBe(200);
  });

  it('refuses a cross-origin school creation by a platform admin with an Authorization header', async () => {
    const platform = await createAdmin(t.ctx, { platform: true });
    const agent = await loginAs(t.request(), platform.email);
    const before = await t.db.selectFrom('institutions').select('id').execute();
    const res = await agent
      .post('/api/v1/institutions')
      .set('authorization', BOGUS)
      .set('origin', 'https://evil.example')
      .send({ name: 'Gekaapte school' });
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom('institutions').select('id').execute()).toHaveLength(
      before.length,
    );
  });

  it('refuses a cross-site portal e-mail change that carries an Authorization header', async () => {
    const { username } = await studentWithAccount(
      t.ctx,
      iid,
      {},
      { kind: 'own', type: 'advanced', password: 'Eigen-Wachtwoord-7', mustChange: false },
    );
    const agent = t.request();
    expect(
      (await agent.post('/api/v1/portal/login').send({ username, password: 'Eigen-Wachtwoord-7' }))
        .status,
    ).toBe(200);
    const res = await agent
      .put('/api/v1/portal/email')
      .set('authorization', `Bearer ${apiKey}`)
      .set('sec-fetch-site', 'cross-site')
      .send({ email: 'aanvaller@evil.example' });
    expect(res.status).toBe(403);
    const account = await t.db
      .selectFrom('accounts')
      .select('email')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    expect(account.email).toBeNull();
  });

  it('still serves a tool that authenticates by API key from anywhere', async () => {
    const student = await createStudent(t.ctx, iid);
    const res = await t
      .request()
      .patch(`/api/v1/institutions/${iid}/students/${student.id}`)
      .set('authorization', `Bearer ${apiKey}`)
      .set('origin', 'https://tool.example')
      .send({ group: '2de leerjaar' });
    expect(res.status).toBe(200);
  });
});

describe('the write-origin check on every route that writes', () => {
  it('refuses a cross-site cookie write on every documented operation that writes', async () => {
    // The check is attached as each route is declared (security.ts, onRoute): a route of a
    // method that writes that missed it would answer something else here.
    const platform = await createAdmin(t.ctx, { platform: true, institutionId: iid });
    const agent = await loginAs(t.request(), platform.email);
    const spec = (await t.request().get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const id = '00000000-0000-4000-8000-000000000000';
    const writes: string[] = [];
    for (const [path, operations] of Object.entries(spec.paths))
      for (const method of Object.keys(operations))
        if (['post', 'put', 'patch', 'delete'].includes(method)) writes.push(`${method} ${path}`);
    expect(writes.length).toBeGreaterThan(50);
    const answered: string[] = [];
    for (const op of writes) {
      const [method, path] = op.split(' ') as [string, string];
      const url = path.replace('{iid}', iid).replace(/\{[^}]+\}/g, id);
      const res = await agent[method as 'post'](url)
        .set('sec-fetch-site', 'cross-site')
        .set('accept-language', 'en')
        .send({});
      // The student portal's own writes ask for its login first (one is tested above, logged in).
      if (path.startsWith('/api/v1/portal/') && res.status === 401) continue;
      if (res.status !== 403 || res.body.detail !== 'Cross-site requests are not accepted.')
        answered.push(`${op}: ${res.status} ${res.body.detail}`);
    }
    expect(answered).toEqual([]);
  });
});
