import { request } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { appForFile } from '../../test/per-file.js';
import { countRows } from '../../test/factories.js';
import { createOidcTestApp, signIn, studentAndApp } from '../../test/oidc-support.js';

// Edges of the provider found by an outside test: NUL characters in requests and form_post
// answers (sign-out and a temporary password still to be changed: oidc-sign-out.test.ts).

const t = appForFile(createOidcTestApp);

const storedRows = () => countRows(t, 'oidc_models');

/** An authorization request's parameters that the provider accepts. */
const valid = (app: { clientId: string; redirectUri: string }): Record<string, string> => ({
  client_id: app.clientId,
  response_type: 'code',
  redirect_uri: app.redirectUri,
  scope: 'openid',
  state: 's',
  nonce: 'n',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
});

/** A form POST to the provider, with HTTP Basic client authentication when a secret is given. */
async function postForm(path: string, body: string, app?: { clientId: string; secret?: string }) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (app?.secret)
    headers.authorization = `Basic ${Buffer.from(`${app.clientId}:${app.secret}`).toString('base64')}`;
  const res = await fetch(`${t.base}${path}`, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe('NUL characters in requests', () => {
  it('token, revocation and userinfo answer OAuth errors, not 500, and store nothing', async () => {
    const { app } = await studentAndApp(t, { confidential: true });
    const before = await storedRows();
    const code = await postForm(
      '/oidc/token',
      `grant_type=authorization_code&code=ab%00c&redirect_uri=${encodeURIComponent(app.redirectUri)}&code_verifier=${'v'.repeat(43)}`,
      app,
    );
    expect([code.status, code.body.error]).toEqual([400, 'invalid_grant']);
    const refresh = await postForm(
      '/oidc/token',
      'grant_type=refresh_token&refresh_token=ab%00c',
      app,
    );
    expect([refresh.status, refresh.body.error]).toEqual([400, 'invalid_grant']);
    const client = await postForm(
      '/oidc/token',
      'grant_type=refresh_token&refresh_token=x&client_id=a%00b',
    );
    expect([client.status, client.body.error]).toEqual([401, 'invalid_client']);
    // RFC 7009 2.2: an unknown token is no error at the revocation endpoint.
    const revoked = await postForm('/oidc/token/revocation', 'token=ab%00c', app);
    expect(revoked.status).toBe(200);
    const me = await postForm('/oidc/me', 'access_token=a%00b');
    expect([me.status, me.body.error]).toEqual([401, 'invalid_token']);
    expect(await storedRows()).toBe(before);
  });

  it('a pushed request with a NUL in state, nonce or login_hint: invalid_request, nothing kept', async () => {
    const { app } = await studentAndApp(t, { confidential: true });
    for (const at of ['state', 'nonce', 'login_hint']) {
      const params = new URLSearchParams({ ...valid(app), [at]: 'a\u0000b' });
      const before = await storedRows();
      const pushed = await postForm('/oidc/request', params.toString(), app);
      expect({ at, status: pushed.status, error: pushed.body.error }).toEqual({
        at,
        status: 400,
        error: 'invalid_request',
      });
      expect(await storedRows()).toBe(before);
    }
    // The same request without the NUL is pushed.
    const clean = new URLSearchParams(valid(app));
    expect((await postForm('/oidc/request', clean.toString(), app)).status).toBe(201);
  });
});

describe('NUL characters in an authorization request (a browser follows the link)', () => {
  const authorize = (params: Record<string, string>) =>
    fetch(`${t.base}/oidc/auth?${new URLSearchParams(params)}`, { redirect: 'manual' });

  it('in state: back to the app with invalid_request (RFC 6749 4.1.2.1), nothing kept', async () => {
    const { app } = await studentAndApp(t);
    const before = await storedRows();
    const res = await authorize({ ...valid(app), state: 'a\u0000b' });
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(app.redirectUri);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(await storedRows()).toBe(before);
  });

  it("in client_id: the provider's error page in HTML, never a redirect", async () => {
    const { app } = await studentAndApp(t);
    const before = await storedRows();
    const res = await authorize({ ...valid(app), client_id: `${app.clientId}\u0000` });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('invalid_client');
    expect(await storedRows()).toBe(before);
  });
});

// Every authorization request is stored as its interaction, for anyone who sends one: an outside
// test stored 14 KB rows at ~100 a second from one client with long `state` and `nonce` values.
/** The status of a request sent with its target exactly as given (no URL parsing on the way). */
function rawStatus(
  target: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<number> {
  const base = new URL(t.base);
  return new Promise((resolve, reject) => {
    const req = request({
      host: base.hostname,
      port: base.port,
      path: target,
      method: opts.method ?? 'GET',
      headers: opts.headers,
    })
      .on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
      .on('error', reject);
    req.end(opts.body);
  });
}

describe('an authorization request longer than any app needs', () => {
  const params = (app: { clientId: string; redirectUri: string }, state: string) =>
    new URLSearchParams({
      client_id: app.clientId,
      response_type: 'code',
      redirect_uri: app.redirectUri,
      scope: 'openid',
      state,
      nonce: 'n',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();

  it('is refused with an error page, and nothing is stored; a long one that fits is not', async () => {
    const { app } = await studentAndApp(t);
    const before = await storedRows();
    const res = await fetch(`${t.base}/oidc/auth?${params(app, 'x'.repeat(9000))}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(414);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('invalid_request');
    expect(await storedRows()).toBe(before);
    const posted = await fetch(`${t.base}/oidc/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: params(app, 'x'.repeat(9000)),
      redirect: 'manual',
    });
    expect(posted.status).toBe(413);
    expect(await storedRows()).toBe(before);
    // The provider's router takes the endpoint in capitals or with a trailing slash too.
    for (const path of ['/oidc/AUTH', '/oidc/auth/', '/oidc/Auth//']) {
      const other = await fetch(`${t.base}${path}?${params(app, 'x'.repeat(9000))}`, {
        redirect: 'manual',
      });
      expect({ path, status: other.status }).toEqual({ path, status: 414 });
    }
    // Targets a browser would not send, which the router and the provider still take: the
    // absolute form, and a `\\` before the query with a `#` after it (read as /oidc/auth).
    const long = params(app, 'x'.repeat(9000));
    const absolute = await rawStatus(`${t.base}/oidc/auth?${long}`);
    const backslash = await rawStatus(`/oidc/auth\\?${long}#`);
    expect(backslash).toBe(414);
    expect(absolute).toBe(414);
    expect(await storedRows()).toBe(before);
    // 4,000 characters of state: an app's ordinary long state, accepted.
    const fits = await fetch(`${t.base}/oidc/auth?${params(app, 'x'.repeat(4000))}`, {
      redirect: 'manual',
    });
    expect(fits.status).toBe(303);
    expect(await storedRows()).toBe(before + 1);
  });

  it('pushed with a `#` in the target or without a length: refused, nothing stored', async () => {
    const { app } = await studentAndApp(t, { confidential: true });
    const before = await storedRows();
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${app.clientId}:${app.secret}`).toString('base64')}`,
    };
    const body = params(app, 'x'.repeat(9000));
    // A `#` in the target (the provider drops it), and a body without a length.
    expect(await rawStatus('/oidc/request#x', { method: 'POST', headers, body })).toBe(413);
    expect(
      await rawStatus('/oidc/request', {
        method: 'POST',
        headers: { ...headers, 'transfer-encoding': 'chunked' },
        body: params(app, 'x'),
      }),
    ).toBe(411);
    expect(await storedRows()).toBe(before);
  });

  it('pushed: refused with 413 and nothing stored', async () => {
    const { app } = await studentAndApp(t, { confidential: true });
    const before = await storedRows();
    const res = await fetch(`${t.base}/oidc/request`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${app.clientId}:${app.secret}`).toString('base64')}`,
      },
      body: params(app, 'x'.repeat(9000)),
    });
    expect(res.status).toBe(413);
    expect(await storedRows()).toBe(before);
  });
});

describe('NUL characters in any browser-facing parameter of the provider', () => {
  it('never a 500, never a stored row', async () => {
    const { app } = await studentAndApp(t);
    const before = await storedRows();
    const auth = {
      client_id: app.clientId,
      response_type: 'code',
      redirect_uri: app.redirectUri,
      scope: 'openid',
      nonce: 'n',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    };
    const nul = 'a\u0000b';
    const urls = [
      ...['login_hint', 'ui_locales', 'prompt', 'max_age', 'acr_values', 'scope', 'nonce'].map(
        (name) => `/oidc/auth?${new URLSearchParams({ ...auth, [name]: nul })}`,
      ),
      `/oidc/session/end?${new URLSearchParams({ id_token_hint: nul })}`,
      `/oidc/session/end?${new URLSearchParams({ client_id: app.clientId, post_logout_redirect_uri: nul })}`,
      `/oidc/jwks?x=${encodeURIComponent(nul)}`,
      `/.well-known/openid-configuration?x=${encodeURIComponent(nul)}`,
    ];
    for (const url of urls) {
      const res = await fetch(`${t.base}${url}`, { redirect: 'manual' });
      expect({ url, status: res.status < 500 }).toEqual({ url, status: true });
    }
    expect(await storedRows()).toBe(before);
  });
});

describe('response_mode=form_post', () => {
  it("the page that posts the answer may post to the redirect URI's origin, and only there", async () => {
    const { app, rp, login } = await studentAndApp(t);
    const formAction = (res: Response) =>
      res.headers
        .get('content-security-policy')!
        .split(';')
        .filter((d) => d.startsWith('form-action'));
    const expected = [`form-action 'self' ${new URL(app.redirectUri).origin}`];
    const extra = { response_mode: 'form_post' };
    // Through the login: the answer comes from the resume (/oidc/auth/<uid>).
    const first = await signIn(t.base, app, rp, login, { extra });
    expect(first.back.url).toMatch(/\/oidc\/auth\/[A-Za-z0-9_-]+$/);
    expect(first.back.response.status).toBe(200);
    const html = await first.back.response.text();
    expect(html).toContain(`action="${app.redirectUri}"`);
    expect(formAction(first.back.response)).toEqual(expected);
    expect(first.back.response.headers.get('referrer-policy')).toBe('same-origin');
    // Already signed in: straight from /oidc/auth.
    const again = await signIn(t.base, app, rp, login, { extra, browser: first.browser });
    expect(again.back.url).toContain('/oidc/auth?');
    expect(again.back.response.status).toBe(200);
    expect(formAction(again.back.response)).toEqual(expected);
  });

  it("an unregistered redirect URI gets the error page, which keeps form-action 'self'", async () => {
    const { app, rp, login } = await studentAndApp(t);
    const other = { redirectUri: 'https://elders.example/callback' };
    const s = await signIn(t.base, other, rp, login, { extra: { response_mode: 'form_post' } });
    expect(s.back.response.status).toBe(400);
    expect(await s.back.response.text()).toContain('Er ging iets mis');
    expect(s.back.response.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(s.back.response.headers.get('content-security-policy')).not.toContain('elders.example');
    expect(app.redirectUri).not.toBe(other.redirectUri);
  });
});
