import type { FastifyPluginAsyncTypebox, Static, TSchema } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.js';
import { LinkTokenParams, NoContent, ProblemRef } from '../../schemas/common.js';
import { localeOf, requestLocale } from '../../plugins/request-client.js';
import {
  LINK_ROUTE,
  linkPageHeaders,
  SMALL_BODY,
  type RoutesApp,
} from '../../plugins/route-options.js';
import {
  JoinLinkInfoSchema,
  PasswordLinkInfoSchema,
  PasswordLinkQuerySchema,
  PasswordResetAnswerSchema,
  PasswordResetBodySchema,
  SetPasswordBodySchema,
} from './schemas.js';
import * as service from './service.js';

// Public side of admin passwords: "forgot password", and the page behind a mailed invitation or
// reset link. No session is involved; setting a password never logs in.
export const adminLinksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  resetRequestRoute(app);
  passwordLinkRoutes(app);
  joinLinkRoutes(app);
};

/** "Forgot password": asking for a reset link. */
function resetRequestRoute(app: RoutesApp) {
  app.post(
    '/auth/password-resets',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        tags: ['auth'],
        summary: 'Ask for a link to set a new admin password (forgot password)',
        description:
          'Always 202 with the same body after the same minimum time. Only when the address belongs to an admin ' +
          '(ASCII case-insensitively) is a link mailed, to the stored address; it is valid for 1 hour, works once ' +
          'and voids earlier links. At most 5 mails per admin per hour; a client address may ask 20 times per 10 minutes (then 429).',
        body: PasswordResetBodySchema,
        response: {
          202: PasswordResetAnswerSchema,
          400: ProblemRef,
          413: ProblemRef,
          429: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      const answer = await service.requestReset(
        app.ctx,
        request.body,
        requestLocale(request),
        request.ip,
        request.log,
      );
      return reply.status(202).header('cache-control', 'no-store').send(answer);
    },
  );
}

/** What the page behind a mailed link shows (`load` answers 410 for a link that does not work). */
function linkInfoRoute<T extends TSchema>(
  app: RoutesApp,
  path: string,
  doc: { summary: string; description: string },
  info: T,
  load: (ctx: AppContext, token: string) => Promise<Static<T>>,
) {
  app.get(
    path,
    {
      ...LINK_ROUTE,
      schema: {
        tags: ['auth'],
        ...doc,
        params: LinkTokenParams,
        response: { 200: info, 410: ProblemRef },
      },
    },
    async (request, reply) => {
      linkPageHeaders(reply);
      return load(app.ctx, request.params.token);
    },
  );
}

/** The page behind an invitation or reset link: who it is for, and setting the password. */
function passwordLinkRoutes(app: RoutesApp) {
  linkInfoRoute(
    app,
    '/auth/password-links/:token',
    {
      summary: 'Who an invitation or password reset link is for',
      description:
        'The same 410 problem (link_invalid) for an unknown, used, expired, superseded or malformed link.',
    },
    PasswordLinkInfoSchema,
    service.linkInfo,
  );

  app.post(
    '/auth/password-links/:token',
    {
      ...LINK_ROUTE,
      bodyLimit: SMALL_BODY,
      schema: {
        tags: ['auth'],
        summary:
          'Set the admin password through an invitation or reset link (the link then stops working)',
        description:
          'Rules: at least 10 characters, not a common password, not containing the name or the part of the ' +
          'e-mail address before the "@" (422 with one error per broken rule, in the language of ?locale= or ' +
          'Accept-Language; the link keeps working, up to 10 rejected passwords). On success the link is used ' +
          "up, the admin's other links stop working, all of the admin's sessions end and a login lockout of the " +
          'address is lifted; a reset is confirmed by mail. Does not log in.',
        params: LinkTokenParams,
        querystring: PasswordLinkQuerySchema,
        body: SetPasswordBodySchema,
        response: {
          204: NoContent,
          400: ProblemRef,
          410: ProblemRef,
          413: ProblemRef,
          422: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      const locale = localeOf(request);
      await service.setPassword(app.ctx, request.params.token, request.body.password, locale);
      return reply.status(204).header('cache-control', 'no-store').send(null);
    },
  );
}

/** The page behind a school's invitation to join it: which school, and accepting. */
function joinLinkRoutes(app: RoutesApp) {
  linkInfoRoute(
    app,
    '/auth/join-links/:token',
    {
      summary: 'Which school asks an existing user to join it, and in which role',
      description:
        'Behind the link mailed when a school adds the address of someone who already has a user. The same 410 ' +
        'problem (link_invalid) for an unknown, used, expired, superseded or malformed link.',
    },
    JoinLinkInfoSchema,
    service.joinLinkInfo,
  );

  app.post(
    '/auth/join-links/:token',
    {
      ...LINK_ROUTE,
      bodyLimit: SMALL_BODY,
      schema: {
        tags: ['auth'],
        summary: "Accept a school's invitation to join it (the link then stops working)",
        description:
          'Adds the membership with the role the school chose (an existing membership keeps its role). Does not log in; ' +
          'the password does not change.',
        params: LinkTokenParams,
        response: { 204: NoContent, 410: ProblemRef },
      },
    },
    async (request, reply) => {
      await service.acceptJoin(app.ctx, request.params.token);
      return reply.status(204).header('cache-control', 'no-store').send(null);
    },
  );
}
