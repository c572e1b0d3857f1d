import { createHmac, timingSafeEqual } from 'node:crypto';
import Provider, {
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { AppContext } from '../../context.js';
import { COOKIE_NAMES } from '../auth/index.js';
import { isLocale } from '../../platform/mail/index.js';
import { clientSecretHash } from '../apps/index.js';
import { adapterFor, adapterRequest } from './adapter.js';
import { APP_SCOPES, appOf } from './clients.js';
import { formPageHeaders } from './form-headers.js';
import { errorPage, loggedOutPage, logoutPage, pageLocale, refusedPage } from './pages.js';
import { appRefusal, claimsOf, findPerson, pairwiseSubjects, type Person } from './people.js';
import type { SigningJwk } from './keys.js';

// oidc-provider (panva) inside the Fastify app. Layout: the issuer is PUBLIC_BASE_URL, so
// discovery is at /.well-known/openid-configuration; every endpoint lives under /oidc/.

export const OIDC_ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  userinfo: '/oidc/me',
  jwks: '/oidc/jwks',
  end_session: '/oidc/session/end',
  revocation: '/oidc/token/revocation',
  introspection: '/oidc/token/introspection',
  registration: '/oidc/reg',
  pushed_authorization_request: '/oidc/request',
  code_verification: '/oidc/device',
  device_authorization: '/oidc/device/auth',
  backchannel_authentication: '/oidc/backchannel',
  challenge: '/oidc/challenge',
} as const;

export const INTERACTION_PATH = '/oidc/interaction';

export const TTL = {
  AccessToken: 3600,
  AuthorizationCode: 60,
  IdToken: 3600,
  Interaction: 3600,
  Session: 24 * 3600,
  Grant: 30 * 24 * 3600,
  RefreshToken: 30 * 24 * 3600,
};

/** Cookie signing keys for the provider's own cookies, derived from SESSION_SECRET. */
function cookieKeys(sessionSecret: string): string[] {
  return [
    createHmac('sha256', sessionSecret).update('schoolloket oidc cookies').digest('base64url'),
  ];
}

export interface PortalPersonLookup {
  /** The person signed in to the portal with this cookie, or undefined. */
  (
    token: string | undefined,
  ): Promise<{ accountId: string; mustChangePassword: boolean } | undefined>;
}

export function createProvider(
  ctx: AppContext,
  jwks: SigningJwk[],
  portalPerson: PortalPersonLookup,
): Provider {
  const pairwise = pairwiseSubjects(ctx.config.credentialsKey);
  const policy = portalSessionPolicy(ctx, portalPerson);

  const configuration: Configuration = {
    adapter: adapterFor(ctx),
    jwks: { keys: jwks as never },
    cookies: cookies(ctx.config.sessionSecret),
    routes: OIDC_ROUTES,
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: APP_SCOPES.split(' '),
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
      school: ['school', 'group', 'role', 'child'],
    },
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: (_k, accountId, client) => pairwise(client.clientId, accountId),
    clientAuthMethods: ['client_secret_basic', 'none'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    allowOmittingSingleRegisteredRedirectUri: false,
    ttl: TTL,
    features: features(),
    interactions: interactions(policy),
    // Refresh tokens only for offline_access, and a new one on every use (a replayed old one
    // revokes the grant: oidc-provider's reuse detection).
    issueRefreshToken: async (_k, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: () => true,
    findAccount: accountFinder(ctx, pairwise, portalPerson),
    renderError: async (k, out) => {
      const locale = providerLocale(k);
      // An app its school switched off is unknown to the provider (invalid_client): say that it
      // is off, as the interaction does for a person it refuses, not "client is invalid".
      const off = out.error === 'invalid_client' ? await switchedOffApp(ctx, k) : undefined;
      k.type = 'html';
      k.body = off
        ? refusedPage(off, 'app_disabled', undefined, locale)
        : errorPage(
            String(out.error),
            locale,
            out.error_description ? { technical: String(out.error_description) } : undefined,
          );
    },
  };

  const provider = new Provider(ctx.config.publicBaseUrl, configuration);
  provider.proxy = ctx.config.trustProxy !== false;
  provider.use(publicAddress(ctx.config.publicBaseUrl));
  provider.use(notFoundPage);
  provider.use(signedOutLanguage(ctx.config.publicBaseUrl));
  provider.use(adapterRequest);
  provider.use(straightToLogin);
  compareHashedSecrets(provider);
  return provider;
}

/** The language of the provider's own pages: the app's ui_locales, `?lang=`, Accept-Language. */
function providerLocale(k: KoaContextWithOIDC) {
  const params = k.oidc?.params as Record<string, unknown> | undefined;
  return pageLocale({
    uiLocales: params?.ui_locales ?? k.query.ui_locales,
    lang: k.query.lang,
    acceptLanguage: k.get('accept-language'),
  });
}

/** The name of the app a request names when its school switched it off (else undefined). */
async function switchedOffApp(ctx: AppContext, k: KoaContextWithOIDC) {
  const params = k.oidc?.params as Record<string, unknown> | undefined;
  const clientId = params?.client_id ?? k.query.client_id;
  if (typeof clientId !== 'string' || clientId.length > 200 || clientId.includes('\u0000'))
    return undefined;
  const app = await appOf(ctx, clientId);
  return app?.disabled ? app.name : undefined;
}

/**
 * Every address the provider writes (discovery's endpoints and `jwks_uri`, the interaction's
 * return address, the sign-out form) is built from PUBLIC_BASE_URL, as the issuer is, never from
 * the request's Host, X-Forwarded-Host/Proto or an absolute request target: Koa builds them from
 * those, so a request with `Host: evil.example` got a discovery document pointing `jwks_uri` at
 * that host, which a cache in front could have kept and handed to every app (found by an outside
 * test). The request's own headers stay as they came (the logs show what was sent).
 */
function publicAddress(publicBaseUrl: string) {
  const base = new URL(publicBaseUrl);
  const address = {
    protocol: { value: base.protocol.slice(0, -1) },
    host: { value: base.host },
    hostname: { value: base.hostname.replace(/^\[(.*)\]$/, '$1') },
  };
  return async (k: KoaContextWithOIDC, next: () => Promise<void>) => {
    Object.defineProperties(k.request, address);
    // A request line in absolute form (`GET http://evil.example/… HTTP/1.1`): Koa takes the whole
    // target as the address (found by an outside test), so the provider gets its path only.
    if (/^[a-z][a-z0-9+.-]*:/i.test(k.originalUrl)) {
      const { pathname, search } = new URL(k.originalUrl);
      k.url = k.originalUrl = k.request.originalUrl = `${pathname}${search}`;
    }
    await next();
  };
}

/**
 * The confirmation of a sign-out redirects to the signed-out page without the language the
 * question was asked in (found by an outside test: French question, Dutch answer): passed on, to
 * our own page only (not to an app's post_logout_redirect_uri).
 */
function signedOutLanguage(publicBaseUrl: string) {
  const success = new URL(`${OIDC_ROUTES.end_session}/success`, publicBaseUrl).href;
  return async (k: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const lang = k.query.lang;
    if (k.status !== 303 || typeof lang !== 'string' || !isLocale(lang)) return;
    if (k.path !== `${OIDC_ROUTES.end_session}/confirm`) return;
    const location = new URL(k.response.get('location'));
    if (`${location.origin}${location.pathname}` !== success) return;
    location.searchParams.set('lang', lang);
    k.redirect(location.href);
  };
}

/**
 * A request the provider has no route for (a disabled endpoint, a method an endpoint does not
 * take, a path of nobody's) is left by its router to Koa, which would answer 404 "Not Found" in
 * text/plain: our error page instead, as its other refusals get (renderError). At that point no
 * middleware has set a body; nothing of the request goes into the page.
 */
async function notFoundPage(k: KoaContextWithOIDC, next: () => Promise<void>) {
  await next();
  if (k.status !== 404 || k.body !== undefined) return;
  // Set, not only read: Koa answers a body 200 unless a status was set explicitly.
  k.status = 404;
  k.set('cache-control', 'no-store');
  k.type = 'html';
  k.body = errorPage('not_found', providerLocale(k), { reason: 'not_found' });
}

/** The portal's session cookie, as the browser sent it. */
const portalCookie = (k: KoaContextWithOIDC) =>
  k.cookies.get(COOKIE_NAMES.portal, { signed: false }) ?? undefined;

/** The routes that start an interaction by redirecting the browser to its page. */
const STARTS_INTERACTION = new Set(['authorization', 'resume']);

/**
 * Nobody signed in to the portal: the interaction's page would only send the browser on to the
 * portal's login page, so the redirect that starts the interaction goes there at once (one request
 * less per sign-in). Only that redirect is rewritten: the provider has set the interaction cookie
 * already, with the path of the interaction's own URL (interactions.url), so the login inside the
 * interaction (POST /oidc/interaction/<uid>/login) receives it. With a portal cookie the page
 * decides (done, consent, refused, a new login).
 */
async function straightToLogin(k: KoaContextWithOIDC, next: () => Promise<void>) {
  await next();
  if (!STARTS_INTERACTION.has(k.oidc?.route ?? '') || k.status !== 303) return;
  const uid = k.oidc.entities.Interaction?.uid;
  if (!uid || k.response.get('location') !== `${INTERACTION_PATH}/${uid}`) return;
  if (portalCookie(k)) return;
  k.redirect(`/aanmelden?app=${encodeURIComponent(uid)}`);
}

/**
 * The portal session is the one session: an app sign-in needs the person to be signed in to
 * the portal as the same account, and allowed to use the app (checked on every authorization
 * request, so blocking, group changes and portal logout take effect at once).
 */
function portalSessionPolicy(ctx: AppContext, portalPerson: PortalPersonLookup) {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(
    new interactionPolicy.Check(
      'portal_session',
      'the portal session ended, or the person may not use this app',
      async (k: KoaContextWithOIDC) => {
        const accountId = k.oidc.session?.accountId;
        if (!accountId) return interactionPolicy.Check.REQUEST_PROMPT;
        const current = await portalPerson(portalCookie(k));
        // A temporary password still to be changed: the portal itself answers 403 until it is,
        // so no app may be entered either; the login interaction forces the change.
        if (current?.accountId !== accountId || current.mustChangePassword)
          return interactionPolicy.Check.REQUEST_PROMPT;
        const [person, app] = await Promise.all([
          findPerson(ctx, accountId),
          appOf(ctx, k.oidc.client!.clientId),
        ]);
        if (!person || !app || (await appRefusal(ctx, app, person)))
          return interactionPolicy.Check.REQUEST_PROMPT;
        return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      },
    ),
  );
  return policy;
}

function cookies(sessionSecret: string): Configuration['cookies'] {
  return {
    keys: cookieKeys(sessionSecret),
    long: { signed: true, httpOnly: true, sameSite: 'lax' },
    short: { signed: true, httpOnly: true, sameSite: 'lax' },
  };
}

function features(): Configuration['features'] {
  return {
    devInteractions: { enabled: false },
    // An app revokes only its own tokens.
    revocation: {
      enabled: true,
      allowedPolicy: (_k, client, token) => token.clientId === client.clientId,
    },
    userinfo: { enabled: true },
    introspection: { enabled: false },
    registration: { enabled: false },
    claimsParameter: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: (k, form) => {
        // The form posts to us and is redirected to the app's post_logout_redirect_uri.
        formPageHeaders(k.res, k.oidc.client?.postLogoutRedirectUris ?? []);
        k.type = 'html';
        // The question's language goes with the answer (the confirmation's address carries it,
        // and signedOutLanguage passes it on to the signed-out page).
        const locale = providerLocale(k);
        k.body = logoutPage(
          form.replace(/ action="([^"?]+)"/, ` action="$1?lang=${locale}"`),
          k.oidc.client?.clientName,
          locale,
        );
      },
      postLogoutSuccessSource: (k) => {
        k.type = 'html';
        k.body = loggedOutPage(providerLocale(k));
      },
    },
  };
}

function interactions(
  policy: ReturnType<typeof portalSessionPolicy>,
): Configuration['interactions'] {
  return {
    policy,
    // Always the interaction's own path, even without a portal cookie: oidc-provider scopes the
    // interaction cookie to this URL's path, so pointing it at /aanmelden would leave the
    // browser without that cookie when the login comes back (interaction_expired; e2e 23).
    // Without a portal cookie the redirect itself goes to /aanmelden (straightToLogin), after
    // the cookie was set for this path.
    url: (_k, interaction) => `${INTERACTION_PATH}/${interaction.uid}`,
  };
}

/** The routes whose login check reads the portal session (portalSessionPolicy). */
const CHECKS_PORTAL_SESSION = new Set(['authorization', 'resume']);

/** The person behind a subject, with the claims this app may see; none if it may not be used. */
function accountFinder(
  ctx: AppContext,
  pairwise: ReturnType<typeof pairwiseSubjects>,
  portalPerson: PortalPersonLookup,
): Configuration['findAccount'] {
  return async (k, sub) => {
    // Where the login check will read the portal session anyway, it is read now: with its
    // person in one statement, which is this subject's while the portal session is theirs.
    if (CHECKS_PORTAL_SESSION.has(k.oidc?.route ?? '')) await portalPerson(portalCookie(k));
    const person = await findPerson(ctx, sub);
    if (!person) return undefined;
    const client = k.oidc.client;
    if (client) {
      const app = await appOf(ctx, client.clientId);
      if (!app || (await appRefusal(ctx, app, person))) return undefined;
    }
    return {
      accountId: sub,
      claims: (_use, scope) => {
        const childId = `s.${person.subject.student_id}`;
        const childSubject =
          client?.subjectType === 'pairwise' ? pairwise(client.clientId, childId) : childId;
        return claimsOf(person, new Set(scope.split(' ')), childSubject) as { sub: string };
      },
    };
  };
}

/** Client secrets are stored hashed: compare hashes, in constant time. */
function compareHashedSecrets(provider: Provider): void {
  provider.Client.prototype.compareClientSecret = function (
    this: { clientSecret?: string },
    actual,
  ) {
    const stored = Buffer.from(this.clientSecret ?? '', 'utf8');
    const given = Buffer.from(clientSecretHash(String(actual)), 'utf8');
    return stored.length === given.length && timingSafeEqual(stored, given);
  };
}

export type { Person };
