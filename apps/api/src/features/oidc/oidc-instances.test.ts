import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { ensureSigningKeys } from './keys.js';
import type { TestApp } from '../../test/harness.js';
import {
  Browser,
  createOidcPeer,
  createOidcTestApp,
  exchange,
  startFlow,
  studentAndApp,
  subjectOf,
} from '../../test/oidc-support.js';

// Two API instances on one database behave as one provider: same keys, and a flow started on
// one finishes on the other (sessions, interactions, codes and tokens live in the database).

let a: TestApp & { base: string };
let b: TestApp & { base: string };

beforeAll(async () => {
  a = await createOidcTestApp();
  b = await createOidcPeer(a);
});
afterAll(async () => {
  await b.close();
  await a.close();
});

it('both publish the same keys, created once', async () => {
  const jwks = await Promise.all(
    [a, b].map(async (x) => (await (await fetch(`${x.base}/oidc/jwks`)).json()) as object),
  );
  expect(jwks[0]).toEqual(jwks[1]);
  const keys = await a.db.selectFrom('oidc_keys').select('state').execute();
  expect(keys).toHaveLength(2);
});

it('a flow started on one instance finishes on the other', async () => {
  const { login: credentials, app, rp } = await studentAndApp(a);
  const flow = await startFlow(rp, app.redirectUri, 'openid profile offline_access', {
    prompt: 'consent',
  });
  const browser = new Browser(a.base);
  // Authorization request on A: nobody signed in, so straight to the portal's login page …
  const toLogin = await browser.request(flow.url);
  const uid = toLogin.headers.get('location')!.match(/^\/aanmelden\?app=([A-Za-z0-9_-]+)$/)![1]!;
  // … the login inside the interaction on B (the interaction and its cookie from A) …
  const onB = new Browser(b.base);
  Object.assign(onB, { jar: (browser as unknown as { jar: unknown }).jar });
  const login = await onB.interactionLogin(uid, credentials);
  expect(login.status).toBe(200);
  const { continueTo } = (await login.json()) as { continueTo: string };
  expect(continueTo).toMatch(new RegExp(`/oidc/auth/${uid}$`));
  // … resumed on A, back at the app with a code.
  const back = await browser.follow(continueTo);
  expect(back.url.startsWith(app.redirectUri)).toBe(true);
  const tokens = await exchange(rp, { flow, back });
  // Tokens from A work on B, refresh on B.
  const sub = subjectOf(tokens);
  const info = await fetch(`${b.base}/oidc/me`, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  expect(((await info.json()) as { sub: string }).sub).toBe(sub);
  const refreshed = await fetch(`${b.base}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: app.clientId,
    }),
  });
  expect(refreshed.status).toBe(200);
  expect(((await refreshed.json()) as { refresh_token: string }).refresh_token).toBeDefined();
});

it("the portal login and then the interaction's page (the older way) also cross instances", async () => {
  const { login: credentials, app, rp } = await studentAndApp(a);
  const flow = await startFlow(rp, app.redirectUri);
  const browser = new Browser(a.base);
  const toLogin = await browser.request(flow.url);
  const uid = new URL(toLogin.headers.get('location')!, a.base).searchParams.get('app')!;
  const onB = new Browser(b.base);
  Object.assign(onB, { jar: (browser as unknown as { jar: unknown }).jar });
  expect((await onB.portalLogin(credentials)).status).toBe(200);
  const resume = await onB.request(`/oidc/interaction/${uid}`);
  expect(resume.status).toBe(303);
  const back = await browser.follow(resume.headers.get('location')!);
  expect(back.url.startsWith(app.redirectUri)).toBe(true);
  expect((await exchange(rp, { flow, back })).id_token).toBeTruthy();
});

it('keys are created once when instances start together on an empty key table', async () => {
  await a.db.deleteFrom('oidc_keys').execute();
  await Promise.all([ensureSigningKeys(a.ctx), ensureSigningKeys(b.ctx), ensureSigningKeys(a.ctx)]);
  const keys = await a.db.selectFrom('oidc_keys').select('state').execute();
  expect(keys.map((k) => k.state).sort()).toEqual(['current', 'next']);
});

it('an instance whose CREDENTIALS_KEY cannot open the stored signing keys refuses to start, saying why', async () => {
  const { buildApp } = await import('../../app.js');
  const { ConfigError } = await import('../../config.js');
  const { testConfig } = await import('../../test/harness.js');
  const before = await a.db.selectFrom('oidc_keys').select(['kid', 'sealed_jwk']).execute();
  const start = buildApp(testConfig({ credentialsKey: randomBytes(32) }), {
    database: { ...a.database, close: async () => undefined },
    logger: false,
    serveWeb: false,
  }).then(async (app) => {
    try {
      await app.ready();
    } finally {
      await app.close();
    }
  });
  const err = await start.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as Error).message).toMatch(
    /^Invalid configuration: CREDENTIALS_KEY cannot open the OpenID Connect signing keys stored in the database \(2 of 2 could not be decrypted\).*CREDENTIALS_KEY it ran with before/,
  );
  // Nothing was replaced: the right key still starts.
  expect(await a.db.selectFrom('oidc_keys').select(['kid', 'sealed_jwk']).execute()).toEqual(
    before,
  );
});
