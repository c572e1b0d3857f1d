import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OneOf, ProblemRef } from '../../schemas/common.js';
import { deviceCookieFromHeader } from '../../platform/security/index.js';
import { isLocale } from '../../platform/mail/index.js';
import { requestClient, requestLocale } from '../../plugins/request-client.js';
import { SMALL_BODY } from '../../plugins/route-options.js';
import { portalLogin, PortalLoginBodySchema, PortalLoginResultSchema } from '../portal/index.js';
import { INTERACTION_PATH } from './provider.js';
import * as service from './interaction.service.js';
import { interactionRequest, LangQuery, UidParams } from './interaction-request.js';

// The portal login page during an app sign-in (`/aanmelden?app=<uid>`): what the app is, and the
// login inside the interaction. The interaction's own pages are in oidc.routes.ts.

const InteractionLoginResultSchema = Type.Object(
  {
    ...PortalLoginResultSchema.properties,
    continueTo: Type.Union([Type.String({ format: 'uri' }), Type.Null()], {
      description:
        'Where the browser goes next, an absolute URL on this server: the provider, which sends ' +
        "it on to the app with a code; or the interaction's page, when it shows one (consent, " +
        'may not use the app, expired). Null when a temporary password must be changed first ' +
        '(then the portal password change, and GET /oidc/interaction/{uid} after it).',
    }),
  },
  { $id: 'AppSignInLoginResult' },
);

/**
 * The portal login inside the interaction: one request instead of the portal login and the
 * interaction's page after it. JSON, like POST /api/v1/portal/login; the interaction cookie is
 * scoped to this interaction's path, so the browser sends it here and the provider checks it.
 */
export const interactionLoginRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    `${INTERACTION_PATH}/:uid/login`,
    {
      bodyLimit: SMALL_BODY,
      schema: {
        tags: ['portal'],
        summary: 'Log in as a student or as a parent during an app sign-in, and continue it',
        description:
          'The login page of an app sign-in (`/aanmelden?app={uid}`) posts here instead of ' +
          'POST /api/v1/portal/login. The body, the checks (lockout, throttles, the device cookie) ' +
          'and the errors are those of the portal login (403 for a request from another site, ' +
          '415 for a body that is not JSON); a success sets the portal cookie and continues the ' +
          'sign-in whose interaction cookie the browser sends (only the browser that started it ' +
          'can finish it). Answers the portal login result and `continueTo`, the address the ' +
          'browser opens next. `lang` (nl, fr, en; else Accept-Language) is the language of the ' +
          "interaction's page.",
        params: UidParams,
        querystring: LangQuery,
        body: PortalLoginBodySchema,
        response: {
          200: InteractionLoginResultSchema,
          400: ProblemRef,
          401: ProblemRef,
          403: ProblemRef,
          413: ProblemRef,
          415: ProblemRef,
          429: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      const { token, result, deviceCookie, signedIn } = await portalLogin(
        app.ctx,
        request.body,
        requestClient(request),
      );
      app.setSessionCookie(reply, 'portal', token);
      app.setDeviceCookie(reply, deviceCookie);
      const { lang } = request.query;
      const continueTo = result.mustChangePassword
        ? null
        : await service.continueAfterLogin(
            app.ctx,
            {
              ...(await interactionRequest(
                app.oidc,
                { req: request.raw, res: reply.raw },
                request.params.uid,
                token,
              )),
              portalToken: token,
            },
            signedIn,
            isLocale(lang) ? lang : requestLocale(request),
          );
      return reply.header('cache-control', 'no-store').send({ ...result, continueTo });
    },
  );
};

const InteractionInfoSchema = Type.Object(
  {
    appName: Type.String(),
    logoUrl: Type.Union([Type.String(), Type.Null()]),
    locale: Type.Union([OneOf(['nl', 'fr', 'en']), Type.Null()], {
      description:
        'The language the app asked for (its `ui_locales`, the first one of ours), for the login page; null when it asked none of ours',
    }),
  },
  { $id: 'AppSignInInfo' },
);

/** What the portal login shows while an app waits: "Aanmelden bij <app>" with its logo. */
export const appSignInInfoRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
