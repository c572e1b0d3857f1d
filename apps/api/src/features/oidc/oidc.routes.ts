import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { rawSecurityHeaders } from '../../plugins/security.js';
import { OidcRuntime, rememberRequestLog } from './runtime.js';
import { INTERACTION_PATH } from './provider.js';
import * as service from './interaction.service.js';
import { portalAccount } from './portal-account.js';
import { errorPage, pageLocale, refusedPage } from './pages.js';
import { consentPage } from './consent-page.js';
import { formPageHeaders, type HeaderTarget } from './form-headers.js';
import { withRequestMemo } from './request-memo.js';
import { interactionRequest, LangQuery, UidParams } from './interaction-request.js';
import { COOKIE_NAMES } from '../auth/index.js';
import type { AppContext } from '../../context.js';

declare module 'fastify' {
  interface FastifyInstance {
    oidc: OidcRuntime;
  }
}

/**
 * The OpenID Connect provider: discovery and /oidc/* go to oidc-provider untouched (its own body
 * parsing), except the interaction, which is the portal's own login (interaction.service.ts).
 */
export default fp(async function oidc(app: FastifyInstance) {
  const ctx = app.ctx;
  const runtime = await OidcRuntime.start(ctx, (token) => portalAccount(ctx, token), app.log);
  app.decorate('oidc', runtime);
  app.addHook('onClose', async () => runtime.stop());

  await app.register(async (scope) => providerRoutes(scope, runtime));
  await app.register(async (scope) => interactionRoutes(scope, ctx, runtime));
});

const html = (reply: FastifyReply, status: number, body: string) =>
  reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);

/** A reply's headers, which hold the security headers until the answer is sent. */
const replyHeaders = (reply: FastifyReply): HeaderTarget => ({
  getHeader: (name) => reply.getHeader(name),
  setHeader: (name, value) => reply.header(name, value),
});

type UidRequest = FastifyRequest<{ Params: { uid: string } }>;
type PageRequest = FastifyRequest<{ Params: { uid: string }; Querystring: { lang?: string } }>;

const portalToken = (request: FastifyRequest) => request.cookies[COOKIE_NAMES.portal];

const interaction = (runtime: OidcRuntime, request: UidRequest, reply: FastifyReply) =>
  interactionRequest(
    runtime,
    { req: request.raw, res: reply.raw },
    request.params.uid,
    portalToken(request),
  );

/** The language of a page of ours: `?lang=`, else the browser's. */
const localeOf = (request: FastifyRequest) =>
  pageLocale({
    lang: (request.query as { lang?: unknown } | undefined)?.lang,
    acceptLanguage: request.headers['accept-language'],
  });

const expired = (request: FastifyRequest, reply: FastifyReply) =>
  html(reply, 400, errorPage('interaction_expired', localeOf(request), { reason: 'expired' }));

/**
 * The longest request handed to the provider (URL, or form body when posted; an authorization
 * request, a pushed one, a token request): an app's parameters with PKCE, a long `state` and a
 * request object fit many times over.
 */
export const MAX_AUTHORIZATION_REQUEST = 8 * 1024;

/**
 * Longer than any request to the provider needs. Every request handed over is measured, whatever
 * its path: the provider reads paths its own way (in any case, with a trailing slash, from an
 * absolute-form target, with `\\` read as `/` and a `#…` dropped), so a check of the authorization
 * and pushed-request paths alone was passed by spellings of them (found by outside tests:
 * /oidc/AUTH, `/oidc/auth\\?…#`, `/oidc/request#x` stored requests of 15-57 KB). Its other
 * endpoints (token, userinfo, revocation, introspection, end of session, discovery, keys) take
 * a few kilobytes at most.
 */
function tooLong(request: FastifyRequest): boolean {
  const length = Number(request.headers['content-length'] ?? 0);
  return request.url.length > MAX_AUTHORIZATION_REQUEST || !(length <= MAX_AUTHORIZATION_REQUEST);
}

/** Discovery and /oidc/*, handed to oidc-provider untouched. */
function providerRoutes(scope: FastifyInstance, runtime: OidcRuntime) {
  // oidc-provider reads the request body itself: leave the stream untouched.
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
    // Every authorization request is stored (as its interaction) for anyone who sends it, until
    // it expires: a request longer than any app needs is refused before the provider stores it.
    if (tooLong(request))
      return html(
        reply,
        request.method === 'GET' ? 414 : 413,
        errorPage('invalid_request', localeOf(request), { reason: 'too_long' }),
      );
    // A body without a length (chunked) could not be measured before the provider reads it
    // (up to its own 56 KiB): the provider's clients send Content-Length.
    if (request.headers['transfer-encoding'] !== undefined)
      return html(
        reply,
        411,
        errorPage('invalid_request', localeOf(request), { reason: 'too_long' }),
      );
    const handle = await runtime.callback();
    rememberRequestLog(request.raw, request.log);
    // A hijacked answer skips the reply: its security headers and request id (set in onRequest)
    // go on the raw response here.
    rawSecurityHeaders(reply);
    reply.hijack();
    await withRequestMemo(() => handle(request.raw, reply.raw));
  };
  // The provider answers bad input in OAuth's terms (an error redirect to the app, or its error
  // page), and the adapter refuses a NUL in anything it would store: no JSON problem here.
  const own = { schema: { hide: true }, config: { ownTextCheck: true } };
  scope.get('/.well-known/openid-configuration', own, handOver);
  scope.all('/oidc/*', own, handOver);
}

/**
 * The interaction's pages and their HTML forms. The forms post
 * application/x-www-form-urlencoded: accepted here only, and only a short body; the routes
 * read one field of it, the consent page's `shown` (whom the page was shown to).
 */
function interactionRoutes(scope: FastifyInstance, ctx: AppContext, runtime: OidcRuntime) {
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 1024 },
    (_request, body, done) =>
      done(null, { shown: new URLSearchParams(body as string).get('shown') ?? undefined }),
  );

  const interactionSchema = { hide: true, params: UidParams, querystring: LangQuery };
  scope.get<{ Params: { uid: string }; Querystring: { lang?: string } }>(
    `${INTERACTION_PATH}/:uid`,
    { schema: interactionSchema },
    (request, reply) => proceed(ctx, runtime, request, reply, false),
  );
  // "Ja, toestaan" on the consent page: the same checks again, then the grant.
  scope.post<{ Params: { uid: string }; Querystring: { lang?: string } }>(
    `${INTERACTION_PATH}/:uid/consent`,
    { schema: interactionSchema },
    (request, reply) => proceed(ctx, runtime, request, reply, true),
  );

  scope.post<{ Params: { uid: string } }>(
    `${INTERACTION_PATH}/:uid/abort`,
    { schema: { hide: true, params: UidParams } },
    abort(ctx, runtime, 'refused'),
  );
  scope.post<{ Params: { uid: string } }>(
    `${INTERACTION_PATH}/:uid/decline`,
    { schema: { hide: true, params: UidParams } },
    abort(ctx, runtime, 'declined'),
  );
}

/** The interaction, or the consent question, or the answer to it (`consented`). */
async function proceed(
  ctx: AppContext,
  runtime: OidcRuntime,
  request: PageRequest,
  reply: FastifyReply,
  consented: boolean,
) {
  const shown = (request.body as { shown?: string } | undefined)?.shown;
  const { uid } = request.params;
  const at = await interaction(runtime, request, reply);
  const outcome = await withRequestMemo(() =>
    service.continueInteraction(ctx, at, { consented, shown }),
  );
  switch (outcome.kind) {
    case 'expired':
      return expired(request, reply);
    case 'login':
      // `opnieuw`: the app asked for a new login; the portal shows its login page even to
      // someone signed in.
      return reply
        .header('cache-control', 'no-store')
        .redirect(
          `/aanmelden?app=${encodeURIComponent(uid)}${outcome.again ? '&opnieuw=1' : ''}`,
          303,
        );
    case 'refused':
      formPageHeaders(replyHeaders(reply), outcome.redirectUris);
      return html(
        reply,
        403,
        refusedPage(
          outcome.appName,
          outcome.reason,
          `${INTERACTION_PATH}/${uid}/abort`,
          localeOf(request),
        ),
      );
    case 'consent':
      formPageHeaders(replyHeaders(reply), outcome.redirectUris);
      return html(
        reply,
        200,
        consentPage(outcome.view, localeOf(request), {
          self: `${INTERACTION_PATH}/${uid}`,
          allow: `${INTERACTION_PATH}/${uid}/consent`,
          decline: `${INTERACTION_PATH}/${uid}/decline`,
          shown: outcome.shown,
        }),
      );
    case 'done':
      return reply.header('cache-control', 'no-store').redirect(outcome.returnTo, 303);
  }
}

/** Back to the app with access_denied: may not use it (refused), or said no (declined). */
const abort = (ctx: AppContext, runtime: OidcRuntime, why: 'refused' | 'declined') =>
  async function (request: UidRequest, reply: FastifyReply) {
    const { uid } = request.params;
    const shown = (request.body as { shown?: string } | undefined)?.shown;
    if (
      why === 'declined' &&
      !(await withRequestMemo(() => service.declineIsTheirs(ctx, uid, portalToken(request), shown)))
    )
      // Not the person the page was shown to (or not signed in): the page again.
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${INTERACTION_PATH}/${encodeURIComponent(uid)}`, 303);
    const at = await interaction(runtime, request, reply);
    const returnTo = await withRequestMemo(() => service.abortInteraction(ctx, at, why));
    if (!returnTo) return expired(request, reply);
    return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
  };
