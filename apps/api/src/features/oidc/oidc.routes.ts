import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemRef } from '../../schemas/common.js';
import { rawSecurityHeaders } from '../../plugins/security.js';
import { deviceCookieFromHeader } from '../../platform/security/index.js';
import { requestClient, requestLocale } from '../../plugins/request-client.js';
import { SMALL_BODY } from '../../plugins/route-options.js';
import { COOKIE_NAMES } from '../auth/index.js';
import {
  portalLogin,
  PortalLoginBodySchema,
  PortalLoginResultSchema,
  type PortalLoginBody,
} from '../portal/index.js';
import { OidcRuntime, rememberRequestLog } from './runtime.js';
import { INTERACTION_PATH } from './provider.js';
import * as service from './interaction.service.js';
import { errorPage, refusedPage } from './pages.js';
import { consentLocale, consentPage } from './consent-page.js';
import { formPageHeaders, type Headers } from './form-headers.js';
import { withRequestMemo } from './request-memo.js';
import type { AppContext } from '../../context.js';

declare module 'fastify' {
  interface FastifyInstance {
    oidc: OidcRuntime;
  }
}

const UidParams = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{10,64}$' }) });
const LangQuery = Type.Object({
  lang: Type.Optional(
    Type.String({ maxLength: 5, description: "The page's language: nl, fr or en" }),
  ),
});

/**
 * The OpenID Connect provider: discovery and /oidc/* go to oidc-provider untouched (its own body
 * parsing), except the interaction, which is the portal's own login (interaction.service.ts).
 */
export default fp(async function oidc(app: FastifyInstance) {
  const ctx = app.ctx;
  const runtime = await OidcRuntime.start(
    ctx,
    (token) => service.portalAccount(ctx, token),
    app.log,
  );
  app.decorate('oidc', runtime);
  app.addHook('onClose', async () => runtime.stop());

  await app.register(async (scope) => providerRoutes(scope, runtime));
  await app.register(async (scope) => interactionRoutes(scope, ctx, runtime));
  await app.register(async (scope) => interactionLoginRoutes(scope, ctx, runtime));
  await app.register(interactionInfoRoutes, { prefix: '/api/v1' });
});

type UidRequest = FastifyRequest<{ Params: { uid: string } }>;
type PageRequest = FastifyRequest<{ Params: { uid: string }; Querystring: { lang?: string } }>;

const html = (reply: FastifyReply, status: number, body: string) =>
  reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);

/** A reply's headers, which hold the security headers until the answer is sent. */
const replyHeaders = (reply: FastifyReply): Headers => ({
  getHeader: (name) => reply.getHeader(name),
  setHeader: (name, value) => reply.header(name, value),
});

const portalToken = (request: FastifyRequest) => request.cookies[COOKIE_NAMES.portal];

const interaction = async (
  runtime: OidcRuntime,
  request: UidRequest,
  reply: FastifyReply,
): Promise<service.InteractionRequest> => ({
  provider: await runtime.current(),
  req: request.raw,
  res: reply.raw,
  uid: request.params.uid,
  portalToken: portalToken(request),
});

const expired = (reply: FastifyReply) =>
  html(reply, 400, errorPage('interaction_expired', 'De aanmelding duurde te lang.'));

/** Discovery and /oidc/*, handed to oidc-provider untouched. */
function providerRoutes(scope: FastifyInstance, runtime: OidcRuntime) {
  // oidc-provider reads the request body itself: leave the stream untouched.
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
    const handle = await runtime.callback();
    rememberRequestLog(request.raw, request.log);
    // A hijacked answer skips the reply: its security headers, and the request id the onSend
    // hook adds, go on the raw response here.
    rawSecurityHeaders(reply);
    reply.raw.setHeader('x-request-id', request.id);
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

const InteractionLoginResultSchema = Type.Object(
  {
    ...PortalLoginResultSchema.properties,
    continueTo: Type.Union([Type.String(), Type.Null()], {
      description:
        'Where the browser goes next: the provider, which sends it on to the app with a code; or ' +
        "the interaction's page, when it shows one (consent, may not use the app, expired). Null " +
        'when a temporary password must be changed first (then the portal password change, and ' +
        'GET /oidc/interaction/{uid} after it).',
    }),
  },
  { $id: 'AppSignInLoginResult' },
);

/**
 * The portal login inside the interaction: one request instead of the portal login and the
 * interaction's page after it. JSON, like POST /api/v1/portal/login; the interaction cookie is
 * scoped to this interaction's path, so the browser sends it here and the provider checks it.
 */
function interactionLoginRoutes(scope: FastifyInstance, ctx: AppContext, runtime: OidcRuntime) {
  scope.post<{
    Params: { uid: string };
    Querystring: { lang?: string };
    Body: PortalLoginBody;
  }>(
    `${INTERACTION_PATH}/:uid/login`,
    {
      bodyLimit: SMALL_BODY,
      schema: {
        tags: ['portal'],
        summary: 'Log in as a student or as a parent during an app sign-in, and continue it',
        description:
          'The login page of an app sign-in (`/aanmelden?app={uid}`) posts here instead of ' +
          'POST /api/v1/portal/login. The body, the checks (lockout, throttles, the device cookie, ' +
          'here at the path /oidc/interaction/) and the errors are those of the portal login; a ' +
          'success sets the portal cookie and continues the sign-in whose interaction cookie the ' +
          'browser sends (only the browser that started it can finish it). Answers the portal ' +
          'login result and `continueTo`, the address the browser opens next. `lang` (nl, fr, ' +
          "en; else Accept-Language) is the language of the interaction's page.",
        params: UidParams,
        querystring: LangQuery,
        body: PortalLoginBodySchema,
        response: {
          200: InteractionLoginResultSchema,
          400: ProblemRef,
          401: ProblemRef,
          413: ProblemRef,
          429: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      const { token, result, deviceCookie } = await portalLogin(
        ctx,
        request.body,
        requestClient(request),
      );
      scope.setSessionCookie(reply, 'portal', token);
      scope.setDeviceCookie(reply, deviceCookie);
      const continueTo = result.mustChangePassword
        ? null
        : await continueAfterLogin(ctx, runtime, request, reply, token);
      return reply.header('cache-control', 'no-store').send({ ...result, continueTo });
    },
  );
}

/** The interaction continued for the person just logged in: where the browser goes next. */
async function continueAfterLogin(
  ctx: AppContext,
  runtime: OidcRuntime,
  request: PageRequest,
  reply: FastifyReply,
  token: string,
): Promise<string> {
  const at = { ...(await interaction(runtime, request, reply)), portalToken: token };
  const outcome = await withRequestMemo(() => service.continueInteraction(ctx, at));
  if (outcome.kind === 'done') return outcome.returnTo;
  // A page to show (consent, refused, expired): the interaction's page renders it.
  const lang = consentLocale(request.query.lang ?? requestLocale(request));
  return `${INTERACTION_PATH}/${encodeURIComponent(request.params.uid)}?lang=${lang}`;
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
      return expired(reply);
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
        refusedPage(outcome.appName, outcome.reason, `${INTERACTION_PATH}/${uid}/abort`),
      );
    case 'consent':
      formPageHeaders(replyHeaders(reply), outcome.redirectUris);
      return html(
        reply,
        200,
        consentPage(outcome.view, consentLocale(request.query.lang), {
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
    if (!returnTo) return expired(reply);
    return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
  };

const InteractionInfoSchema = Type.Object(
  {
    appName: Type.String(),
    logoUrl: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'AppSignInInfo' },
);

/** What the portal login shows while an app waits: "Aanmelden bij <app>" with its logo. */
const interactionInfoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/portal/app-sign-ins/:uid',
    {
      schema: {
        tags: ['portal'],
        summary: 'The app a pending sign-in is for (name and logo), for the portal login page',
        params: UidParams,
        response: { 200: InteractionInfoSchema, 400: ProblemRef, 404: ProblemRef },
      },
    },
    async (request, reply) => {
      const info = await service.interactionInfo(app.ctx, request.params.uid);
      // The login page asks this first, under /api/v1/, where an earlier version's copy of the
      // device cookie is sent: it moves to the one cookie before the login inside the
      // interaction, which that copy would not reach (nothing new is trusted: the same entries).
      const held = deviceCookieFromHeader(request.headers.cookie);
      if (held) app.setDeviceCookie(reply, held);
      return reply.header('cache-control', 'no-store').send(info);
    },
  );
};
