import { describe, expect, it } from '@jest/globals';
import { createOidcTestApp, studentAndApp } from '../../test/oidc-support.js';
import { appForFile } from '../../test/per-file.js';

// What the provider has no route for (a disabled endpoint, a method it does not take, a path of
// nobody's) is our error page, with the headers of every other answer: the provider's own answer
// was Koa's 404 "Not Found" in text/plain (found by an outside test).

const t = appForFile(createOidcTestApp);

const SECURITY = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'referrer-policy',
  'x-content-type-options',
  'x-frame-options',
];

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_BODY = { 'content-type': 'application/json' };

/** Something no page may show: it is in the path or the query of every request below. */
const MARK = '<b>x</b>';
const MARKED = encodeURIComponent(MARK);

const LONG_UID = 'a'.repeat(3000);

type Case = [
  what: string,
  method: string,
  path: string,
  headers?: Record<string, string>,
  body?: string,
];

const unrouted: Case[] = [
  ['an unknown path, markup in the query', 'GET', `/oidc/nonexistent?q=${MARKED}`],
  ['markup as the path', 'GET', `/oidc/${MARKED}`],
  // POST to the authorization endpoint is off in oidc-provider 9 unless enabled.
  ['a form POST to the authorization endpoint', 'POST', '/oidc/auth', FORM, `client_id=${MARKED}`],
  ['the sign-out confirmation by GET', 'GET', `/oidc/session/end/confirm?x=${MARKED}`],
  ['introspection (off)', 'POST', '/oidc/token/introspection', FORM, 'token=abc'],
  ['registration (off) by GET', 'GET', '/oidc/reg'],
  [
    'registration (off)',
    'POST',
    '/oidc/reg',
    JSON_BODY,
    '{"redirect_uris":["https://e.example/"]}',
  ],
  ['device authorization (off)', 'POST', '/oidc/device/auth', FORM, 'client_id=x'],
  ['backchannel authentication (off)', 'POST', '/oidc/backchannel', FORM, 'client_id=x'],
  ['DELETE on the token endpoint', 'DELETE', '/oidc/token'],
  ['the login at an upper-case path', 'POST', '/oidc/INTERACTION/abc/login', JSON_BODY, '{}'],
  ['an interaction uid of 3000 characters', 'GET', `/oidc/interaction/${LONG_UID}`],
  ['its login', 'POST', `/oidc/interaction/${LONG_UID}/login`, JSON_BODY, '{}'],
];

describe('a request under /oidc/ that the provider does not route', () => {
  it.each(unrouted)(
    '%s: 404, our error page, no-store and the security headers',
    async (_what, method, path, headers = {}, body = undefined) => {
      const res = await fetch(`${t.base}${path}`, {
        method,
        headers: { ...headers, origin: t.base },
        body,
        redirect: 'manual',
      });
      const html = await res.text();
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(SECURITY.filter((h) => !res.headers.get(h))).toEqual([]);
      expect(res.headers.get('x-request-id')).toBeTruthy();
      expect(html).toContain('<html lang="nl">');
      expect(html).toContain('Er ging iets mis');
      expect(html).toContain('not_found');
      expect(html).not.toContain(MARK);
      expect(html).not.toContain(LONG_UID.slice(0, 100));
    },
  );

  it('a HEAD answers 404 with the page headers and no body', async () => {
    const res = await fetch(`${t.base}/oidc/nonexistent`, { method: 'HEAD' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe('');
  });
});

describe("the provider's real answers stay its own", () => {
  it('discovery, keys, a token error in JSON and its HTML error page are unchanged', async () => {
    const discovery = await fetch(`${t.base}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(t.base);

    const jwks = await fetch(`${t.base}/oidc/jwks`);
    expect(jwks.status).toBe(200);
    expect(jwks.headers.get('content-type')).toMatch(/^application\/(jwk-set\+)?json/);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);

    const token = await fetch(`${t.base}/oidc/token`, {
      method: 'POST',
      headers: FORM,
      body: 'grant_type=authorization_code&code=x&client_id=nobody',
    });
    expect(token.status).toBe(401);
    expect(token.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await token.json()) as { error: string }).error).toBe('invalid_client');

    const refused = await fetch(`${t.base}/oidc/auth?client_id=nobody&response_type=code`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('invalid_client');

    // The userinfo endpoint without a token: its own 401 in JSON, not a page.
    const me = await fetch(`${t.base}/oidc/me`);
    expect(me.status).toBe(401);
    expect(me.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('an authorization request still goes on to the login', async () => {
    const { app } = await studentAndApp(t);
    const params = new URLSearchParams({
      client_id: app.clientId,
      response_type: 'code',
      redirect_uri: app.redirectUri,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const res = await fetch(`${t.base}/oidc/auth?${params}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/aanmelden\?app=/);
  });
});
