import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { createLoggingTestApp, type TestApp } from '../../test/harness.js';
import { createInstitution } from '../../test/factories.js';
import { createOidcApp } from '../../test/oidc-support.js';

// What the provider's requests leave in the log (production logger, LOG_LEVEL=info).

let t: TestApp;
let logs: string[];

beforeAll(async () => {
  ({ t, logs } = await createLoggingTestApp({ logLevel: 'info' }));
});
afterAll(() => t.close());

const entries = () => logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('logged URLs', () => {
  it('an access token in the query string (refused) is not logged; other parameters are', async () => {
    const secret = 'AT-in-the-query-string-0123456789';
    const res = await t.request().get(`/oidc/me?access_token=${secret}&lang=nl`);
    expect(res.status).toBe(400);
    const hint = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    await t.request().get(`/oidc/session/end?id_token_hint=${hint}&state=st-1`);
    const joined = logs.join('\n');
    expect(joined).not.toContain(secret);
    expect(joined).not.toContain(hint);
    const urls = entries()
      .map((e) => (e.req as { url?: string } | undefined)?.url)
      .filter(Boolean);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/oidc/me?access_token=[redacted]&lang=nl',
        '/oidc/session/end?id_token_hint=[redacted]&state=st-1',
      ]),
    );
  });
});

describe('server errors of the provider', () => {
  it('are logged at error level with the request id, and without the secrets sent', async () => {
    const school = await createInstitution(t.ctx);
    const app = await createOidcApp(t.ctx, { institutionId: school.id, confidential: true });
    const code = 'code-that-must-not-be-logged-0123456789';
    // The apps table gone for a moment: an error the provider does not expect.
    await sql`alter table apps rename to apps_away`.execute(t.db);
    let res;
    try {
      res = await t
        .request()
        .post('/oidc/token')
        .auth(app.clientId, app.secret!)
        .type('form')
        .send({ grant_type: 'authorization_code', code, redirect_uri: app.redirectUri });
    } finally {
      await sql`alter table apps_away rename to apps`.execute(t.db);
    }
    expect(res.status).toBe(500);
    expect(res.body.error).toBe('server_error');
    const requestId = res.headers['x-request-id'];
    expect(requestId).toEqual(expect.any(String));
    const logged = entries().filter((e) => e.msg === 'OpenID provider server_error');
    expect(logged).toEqual([
      expect.objectContaining({
        level: 50,
        reqId: requestId,
        oidc: { route: 'token', method: 'POST', path: '/oidc/token' },
        error: expect.objectContaining({ message: expect.stringContaining('apps') }),
      }),
    ]);
    const joined = logs.join('\n');
    expect(joined).not.toContain(code);
    expect(joined).not.toContain(app.secret!);
  });
});
