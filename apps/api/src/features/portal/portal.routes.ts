import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { NoContent, ProblemRef } from '../../schemas/common.js';
import { COOKIE_NAMES } from '../auth/index.js';
import { requestClient, requestLocale } from '../../plugins/request-client.js';
import { SMALL_BODY, type RoutesApp } from '../../plugins/route-options.js';
import {
  ChangePasswordBodySchema,
  PortalLoginBodySchema,
  PortalLoginResultSchema,
  PortalMeSchema,
  SetEmailBodySchema,
} from './schemas.js';
import { setEmail } from './email.js';
import { login } from './login.js';
import { changePassword } from './password.js';
import * as session from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    portal: session.PortalPrincipal | null;
  }
}

const portalSecurity = [{ portalSession: [] }];

// Students and parents: one login, role decided by the credential that matches.
export const portalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.decorateRequest('portal', null);
  sessionRoutes(app);
  ownSettingsRoutes(app);
};

const cookie = (request: FastifyRequest) => request.cookies[COOKIE_NAMES.portal];
const portalAccess =
  (app: RoutesApp, allowMustChange: boolean) => async (request: FastifyRequest) => {
    request.portal = await session.principal(app.ctx, cookie(request), { allowMustChange });
  };
/** A route of the logged-in student or parent; `allowMustChange` lets a temporary password in. */
const portalRoute = <S extends FastifySchema>(
  app: RoutesApp,
  allowMustChange: boolean,
  schema: S,
) => ({
  onRequest: portalAccess(app, allowMustChange),
  schema: { tags: ['portal'], security: portalSecurity, ...schema },
});
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const locale = (request: FastifyRequest) =>
  requestLocale(request, request.portal ? session.me(request.portal).locale : 'nl');

/** The portal session: log in, log out, who is logged in. */
function sessionRoutes(app: RoutesApp) {
  app.post(
    '/portal/login',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        tags: ['portal'],
        summary:
          "Log in as a student or as a parent (with the child's username); sets the portal cookie",
        description:
          'Send {username, password} or {username, pictures}. Every failure is the same 401. A success also sets the ' +
          'device cookie `sl_device`: failures from a browser that holds one for this username count against that browser ' +
          'only (after 10, it waits 1, 2, 4 … at most 15 minutes, then counts as untrusted). After 10 failures of untrusted ' +
          'clients for a username (across the student and all co-accounts) untrusted clients wait 1, 2, 4 … at most 15 minutes ' +
          '(429 with Retry-After); a per-address limit for untrusted clients applies on top. See SECURITY.md.',
        body: PortalLoginBodySchema,
        response: {
          200: PortalLoginResultSchema,
          400: ProblemRef,
          401: ProblemRef,
          413: ProblemRef,
          429: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      const { token, result, deviceCookie } = await login(
        app.ctx,
        request.body,
        requestClient(request),
      );
      app.setSessionCookie(reply, 'portal', token);
      app.setDeviceCookie(reply, deviceCookie);
      return noStore(reply).send(result);
    },
  );

  app.post(
    '/portal/logout',
    {
      schema: { tags: ['portal'], summary: 'End the portal session', response: { 204: NoContent } },
    },
    async (request, reply) => {
      await session.logout(app.ctx, cookie(request));
      app.clearSessionCookie(reply, 'portal');
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/portal/me',
    portalRoute(app, true, {
      summary: 'Who is logged in (the student, or a parent of the student) and what they may do',
      response: { 200: PortalMeSchema, 401: ProblemRef },
    }),
    async (request, reply) => noStore(reply).send(session.me(request.portal!)),
  );
}

/** What the logged-in student or parent changes themselves: the password and the e-mail address. */
function ownSettingsRoutes(app: RoutesApp) {
  app.post(
    '/portal/password',
    {
      ...portalRoute(app, true, {
        summary: 'Change the own password (advanced students and parents)',
        description:
          'The first change of an advanced student replaces the temporary password (which can then no longer be reprinted). ' +
          'Basic accounts get 403. Other sessions of the same person end. Of two changes at the same moment ' +
          'only the first is made; the other gets 409 `conflict`. A new password that another credential of the child ' +
          'opens is refused (`password_not_allowed`) and counts as a failed login; new passwords of one credential are ' +
          'compared with the rest of the family at most 30 times a day (then 429 with Retry-After).',
        body: ChangePasswordBodySchema,
        response: {
          200: PortalMeSchema,
          400: ProblemRef,
          401: ProblemRef,
          403: ProblemRef,
          409: ProblemRef,
          413: ProblemRef,
          422: ProblemRef,
          429: ProblemRef,
        },
      }),
      bodyLimit: SMALL_BODY,
    },
    async (request, reply) =>
      noStore(reply).send(
        await changePassword(
          app.ctx,
          request.portal!,
          request.body,
          locale(request),
          requestClient(request),
        ),
      ),
  );

  app.put(
    '/portal/email',
    {
      ...portalRoute(app, false, {
        summary: 'Add or change the own e-mail address (advanced students)',
        body: SetEmailBodySchema,
        response: { 200: PortalMeSchema, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef },
      }),
      bodyLimit: SMALL_BODY,
    },
    async (request, reply) =>
      noStore(reply).send(await setEmail(app.ctx, request.portal!, request.body.email)),
  );
}
