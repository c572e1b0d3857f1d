import { expect } from '@jest/globals';
import * as client from 'openid-client';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import { createInstitution, type createStudent } from './factories.js';
import { createPeerApp, createTestApp, type TestApp } from './harness.js';
import { freePort } from './net-support.js';
import { studentWithAccount, type AccountOptions } from './portal-factories.js';
import { clientSecretHash } from '../features/apps/secrets.js';
import { CookieJar } from './cookie-jar.js';

// OpenID Connect in tests: a real relying-party library (openid-client) against the app on a
// real port, and a small cookie-keeping "browser" for the user's side of the redirects.

/**
 * A test app listening on a real port whose PUBLIC_BASE_URL (the issuer) is that address: the
 * provider builds its endpoint URLs from the request, as behind a real host name.
 */
export async function createOidcTestApp(): Promise<TestApp & { base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ publicBaseUrl: base });
  await t.app.listen({ port, host: '127.0.0.1' });
  return Object.assign(t, { base });
}

/** A second instance on the same database (its own pool), with the same issuer. */
export async function createOidcPeer(
  t: TestApp & { base: string },
): Promise<TestApp & { base: string }> {
  const port = await freePort();
  const peer = await createPeerApp(t, { publicBaseUrl: t.base });
  await peer.app.listen({ port, host: '127.0.0.1' });
  return Object.assign(peer, { base: `http://127.0.0.1:${port}` });
}

export interface AppOptions {
  institutionId: string | null;
  name?: string;
  redirectUris?: string[];
  confidential?: boolean;
  forStudents?: boolean;
  forParents?: boolean;
  groups?: string[] | null;
  subjectType?: 'pairwise' | 'public';
  disabled?: boolean;
  requiresConsent?: boolean;
  logoUrl?: string;
}

let counter = 0;

/** Inserts an app directly (the API is tested on its own); answers its client id and secret. */
export async function createOidcApp(ctx: AppContext, opts: AppOptions) {
  const n = ++counter;
  const clientId = `app_${n}_${randomBytes(6).toString('hex')}`;
  const secret = opts.confidential ? randomBytes(32).toString('base64url') : undefined;
  const row = await ctx.db
    .insertInto('apps')
    .values({
      client_id: clientId,
      institution_id: opts.institutionId,
      name: opts.name ?? `Leerplatform ${n}`,
      redirect_uris: JSON.stringify(opts.redirectUris ?? [`https://app${n}.example/callback`]),
      post_logout_redirect_uris: JSON.stringify([`https://app${n}.example/bye`]),
      for_students: opts.forStudents ?? true,
      for_parents: opts.forParents ?? false,
      groups: opts.groups ? JSON.stringify(opts.groups) : null,
      confidential: !!secret,
      secret_hash: secret ? clientSecretHash(secret) : null,
      subject_type: opts.subjectType ?? 'pairwise',
      disabled: opts.disabled ?? false,
      requires_consent: opts.requiresConsent ?? false,
      logo_url: opts.logoUrl ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, clientId, secret, redirectUri: row.redirect_uris[0]! };
}

/** A relying party configured by discovery, as a learning app would be. */
export async function relyingParty(
  issuer: string,
  app: { clientId: string; secret?: string | undefined },
) {
  const auth = app.secret ? client.ClientSecretBasic(app.secret) : client.None();
  return client.discovery(new URL(issuer), app.clientId, undefined, auth, {
    execute: [client.allowInsecureRequests],
  });
}

/**
 * A browser on one host: its cookies kept by name and path and sent only where their path
 * matches, as RFC 6265 has it (cookie-jar.ts); the provider's and the lockout's cookies depend on
 * their paths.
 */
export class Browser {
  private jar = new CookieJar();
  constructor(private readonly baseUrl: string) {}

  /** The Cookie header this browser sends with a request to this path ("/" unless told). */
  cookieHeader(requestPath = '/'): string {
    return this.jar.header(requestPath);
  }

  /** Whether it holds a cookie of this name (at any path). */
  has(name: string): boolean {
    return this.jar.has(name);
  }

  /** The paths at which it holds a cookie of this name. */
  cookiePaths(name: string): string[] {
    return this.jar.paths(name);
  }

  /** A cookie the browser holds without the server having set it (a stale or forged one). */
  setCookie(name: string, value: string, path = '/'): void {
    this.jar.set(name, value, path);
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = url.startsWith('/') ? `${this.baseUrl}${url}` : url;
    const headers = new Headers(init.headers);
    const cookie = this.jar.header(target);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.jar.store(res.headers.getSetCookie(), target);
    return res;
  }

  /** Follows redirects on our own host; stops at the first one that leaves it. */
  async follow(url: string): Promise<{ url: string; response: Response }> {
    let current = url;
    for (let i = 0; i < 10; i++) {
      const response = await this.request(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location)
        return { url: current, response };
      const next = new URL(location, this.baseUrl).toString();
      if (!next.startsWith(this.baseUrl)) return { url: next, response };
      current = next;
    }
    throw new Error('too many redirects');
  }

  portalLogin(body: Record<string, unknown>) {
    return this.request('/api/v1/portal/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.baseUrl },
      body: JSON.stringify(body),
    });
  }

  /** The login inside an app sign-in's interaction, as the portal's login page sends it. */
  interactionLogin(uid: string, body: Record<string, unknown>, query = '') {
    return this.request(`/oidc/interaction/${uid}/login${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.baseUrl },
      body: JSON.stringify(body),
    });
  }
}

/** Starts a code + PKCE flow; answers the authorization URL and what the RP must remember. */
export async function startFlow(
  config: client.Configuration,
  redirectUri: string,
  scope = 'openid profile email school',
  extra: Record<string, string> = {},
) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url: url.toString(), verifier, state, nonce };
}

/** The consent page's hidden field: whom the page was shown to. */
export const shownOn = (html: string) => html.match(/name="shown" value="([^"]+)"/)![1]!;

/** The scopes and prompt that give a refresh token. */
export const OFFLINE = {
  scope: 'openid offline_access',
  extra: { prompt: 'consent' },
};

/**
 * A school (named `schoolName` when given) with a student whose account is as `account` says
 * (password kip123 unless told) and an app of that school, with its relying party.
 */
export async function studentAndApp(
  t: TestApp & { base: string },
  app: Partial<AppOptions> = {},
  student: Parameters<typeof createStudent>[2] = {},
  { schoolName, password = 'kip123', ...account }: AccountOptions & { schoolName?: string } = {},
) {
  const school = await createInstitution(t.ctx, { name: schoolName });
  const made = await studentWithAccount(t.ctx, school.id, student, { ...account, password });
  const created = await createOidcApp(t.ctx, {
    institutionId: school.id,
    ...app,
  });
  return {
    school,
    student: made.student,
    username: made.username,
    login: { username: made.username, password },
    app: created,
    rp: await relyingParty(t.base, created),
  };
}

/** The student and school of the step-by-step sign-ins: Zoë Peeters of 3A at Sint-Jozef. */
export const ZOE = { first_name: 'Zoë', last_name: 'Peeters', group_name: '3A' };
export const SINT_JOZEF = { schoolName: 'Sint-Jozef', password: 'zal659' };

/** An advanced account with a password of the student's own, already changed. */
export const OWN_ADVANCED: AccountOptions = {
  kind: 'own',
  type: 'advanced',
  password: 'Eigen-Wachtwoord-9',
  mustChange: false,
};

export interface SignInOptions {
  scope?: string;
  extra?: Record<string, string>;
  browser?: Browser;
}

/**
 * The authorization request, followed: to the portal's login page (`uid`, the interaction's), or
 * wherever else the provider sent the browser (no uid).
 */
async function toLoginPage(
  base: string,
  app: { redirectUri: string },
  rp: client.Configuration,
  opts: SignInOptions,
) {
  const flow = await startFlow(rp, app.redirectUri, opts.scope, opts.extra);
  const browser = opts.browser ?? new Browser(base);
  const first = await browser.follow(flow.url);
  const uid = first.url.includes('/aanmelden?app=')
    ? new URL(first.url).searchParams.get('app')!
    : undefined;
  return { flow, browser, first, uid };
}

/**
 * The user's side: the authorization request and, when the provider asks, the portal login;
 * answers where the browser ended up (`back`: at the app, or on a page of the provider).
 */
export async function signIn(
  base: string,
  app: { redirectUri: string },
  rp: client.Configuration,
  login: Record<string, unknown>,
  opts: SignInOptions = {},
) {
  const { flow, browser, first, uid } = await toLoginPage(base, app, rp, opts);
  if (uid === undefined) return { flow, browser, uid, back: first };
  const res = await browser.portalLogin(login);
  if (res.status !== 200) throw new Error(`portal login ${res.status}`);
  return {
    flow,
    browser,
    uid,
    back: await browser.follow(`/oidc/interaction/${uid}`),
  };
}

/**
 * The user's side as the web app drives it: the authorization request (straight to the login page
 * when nobody is signed in), the login inside the interaction, then its `continueTo`.
 */
export async function signInInside(
  base: string,
  app: { redirectUri: string },
  rp: client.Configuration,
  login: Record<string, unknown>,
  opts: SignInOptions = {},
) {
  const { flow, browser, first, uid } = await toLoginPage(base, app, rp, opts);
  if (uid === undefined) return { flow, browser, uid, back: first };
  const res = await browser.interactionLogin(uid, login);
  if (res.status !== 200) throw new Error(`interaction login ${res.status}`);
  const result = (await res.json()) as { mustChangePassword: boolean; continueTo: string | null };
  return {
    flow,
    browser,
    uid,
    result,
    back: result.continueTo === null ? undefined : await browser.follow(result.continueTo),
  };
}

/** The app's side: the code in the URL the browser came back with, exchanged for tokens. */
export function exchange(
  rp: client.Configuration,
  s: { flow: Awaited<ReturnType<typeof startFlow>>; back: { url: string } },
): Promise<client.TokenEndpointResponse & client.TokenEndpointResponseHelpers> {
  return client.authorizationCodeGrant(rp, new URL(s.back.url), {
    pkceCodeVerifier: s.flow.verifier,
    expectedState: s.flow.state,
    expectedNonce: s.flow.nonce,
  });
}

export function subjectOf(tokens: client.TokenEndpointResponse): string {
  return (tokens as unknown as { claims(): { sub: string } }).claims().sub;
}

/** A grant the provider must refuse (a replayed code or refresh token, a revoked grant). */
export async function expectInvalidGrant(grant: Promise<unknown>) {
  await expect(grant).rejects.toMatchObject({ error: 'invalid_grant' });
}

/** The grants the provider holds for an app. */
export function grantsOf(t: TestApp, clientId: string) {
  return t.db
    .selectFrom('oidc_models')
    .select('id')
    .where('model', '=', 'Grant')
    .where((eb) => eb(eb.ref('payload', '->>').key('clientId' as never), '=', clientId))
    .execute();
}

export { client };

/** How many rows a table holds: what a refused request must leave as it was. */
export async function countRows(
  db: Database,
  table: 'sessions' | 'account_events' | 'login_throttles' | 'oidc_models',
): Promise<number> {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
