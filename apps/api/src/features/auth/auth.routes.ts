import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requestClient, requestLocale, sessionAdmin } from '../../plugins/request-client.js';
import { NoContent, ProblemRef, sessionOnly } from '../../schemas/common.js';
import type { RoutesApp } from '../../plugins/route-options.js';
import {
  LoginBodySchema,
  MeSchema,
  RecoveryCodeBodySchema,
  SecondFactorPendingSchema,
  TotpCodeBodySchema,
} from './schemas.js';
import { TotpSetupSchema } from '../second-factor/index.js';
import { PENDING_COOKIE, PENDING_TTL_MS, pendingCookieOptions } from './pending.js';
import * as service from './service.js';
import { COOKIE_NAMES, destroySession } from './sessions.js';

/** What the last step of a login (a code, a recovery code, a passkey) answers. */
export const loginStepResponses = {
  200: MeSchema,
  400: ProblemRef,
  401: ProblemRef,
  429: ProblemRef,
} as const;

/**
 * A login's last step is done (a code, a recovery code, a passkey): the step's cookie goes
 * (`sl_pending`, or `sl_passkey` of a passwordless login; both live on the login path), the
 * session and device cookies come. Answers the admin for the reply's body.
 */
export function finishLogin<Me>(
  app: Pick<FastifyInstance, 'ctx' | 'setSessionCookie' | 'setDeviceCookie'>,
  reply: FastifyReply,
  stepCookie: string,
  done: { token: string; deviceCookie: string; me: Me },
): Me {
  const secure = app.ctx.config.publicBaseUrl.startsWith('https:');
  reply.clearCookie(stepCookie, pendingCookieOptions(secure));
  app.setSessionCookie(reply, 'admin', done.token);
  app.setDeviceCookie(reply, done.deviceCookie);
  return done.me;
}

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  passwordLoginRoute(app);
  codeLoginRoutes(app);
  stepUpRoute(app);
  sessionRoutes(app);
};

/** The login's first step: the password, answered with a session or a pending second step. */
function passwordLoginRoute(app: RoutesApp) {
  const secure = app.ctx.config.publicBaseUrl.startsWith('https:');

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in as a school or platform admin (sets an HttpOnly session cookie)',
        description:
          'Every refusal is the same 401. A success also sets the device cookie `sl_device`: failures from a ' +
          'browser that holds one for this address count against that browser only. After 10 failures of ' +
          'untrusted clients for one e-mail address (known or not) untrusted clients wait 1, 2, 4 … at most ' +
          '15 minutes (429 with Retry-After); an untrusted client address is limited to 100 failures per ' +
          '10 minutes. See SECURITY.md.\n\n' +
          'An admin with a second factor, or one the policy requires to set one up, gets **202** and a ' +
          'short-lived cookie `sl_pending` (5 minutes, path /api/v1/auth/login) instead of a session: no other ' +
          'route accepts it. The login is finished by POST /auth/login/totp.',
        body: LoginBodySchema,
        response: {
          200: MeSchema,
          202: SecondFactorPendingSchema,
          400: ProblemRef,
          401: ProblemRef,
          429: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      const result = await service.login(
        app.ctx,
        request.body.email,
        request.body.password,
        requestClient(request),
      );
      if (result.kind === 'pending') {
        reply.setCookie(PENDING_COOKIE, result.pendingToken, {
          ...pendingCookieOptions(secure),
          maxAge: PENDING_TTL_MS / 1000,
        });
        return reply.status(202).send({
          secondFactor: { methods: result.methods, setupRequired: result.setupRequired },
        });
      }
      app.setSessionCookie(reply, 'admin', result.token);
      app.setDeviceCookie(reply, result.deviceCookie);
      return result.me;
    },
  );
}

/** A pending login finished by a code: the session cookie replaces `sl_pending`. */
function codeLoginRoute(
  app: RoutesApp,
  path: string,
  kind: 'totp' | 'recovery',
  doc: { summary: string; description: string },
  body: typeof TotpCodeBodySchema | typeof RecoveryCodeBodySchema,
) {
  app.post(
    path,
    { schema: { tags: ['auth'], ...doc, body, response: loginStepResponses } },
    async (request, reply) =>
      finishLogin(
        app,
        reply,
        PENDING_COOKIE,
        await service.loginWithCode(
          app.ctx,
          kind,
          request.cookies[PENDING_COOKIE],
          request.body.code,
          requestClient(request),
          requestLocale(request),
        ),
      ),
  );
}

/** The login's second step: a code of the app, a recovery code, or setting up the app first. */
function codeLoginRoutes(app: RoutesApp) {
  codeLoginRoute(
    app,
    '/auth/login/totp',
    'totp',
    {
      summary: 'Finish a login with a code of the authenticator app (sets the session cookie)',
      description:
        'Needs the `sl_pending` cookie of POST /auth/login. A code is accepted one time step (30 s) early or ' +
        'late and only once. A wrong code answers 401 `invalid_code` and counts against the same lockout as ' +
        'a wrong password (429 with Retry-After); a pending login ends after 5 wrong codes. When the policy ' +
        'made the admin set up an app (POST /auth/login/totp/setup), the first code confirms it.',
    },
    TotpCodeBodySchema,
  );

  codeLoginRoute(
    app,
    '/auth/login/recovery',
    'recovery',
    {
      summary: 'Finish a login with a recovery code instead of the second factor',
      description:
        'Needs the `sl_pending` cookie of POST /auth/login. Each code works once (of concurrent requests ' +
        'with the same code exactly one succeeds); its use is recorded and mailed to the admin. A wrong ' +
        'code answers 401 `invalid_code` and counts like a wrong TOTP code.',
    },
    RecoveryCodeBodySchema,
  );

  app.post(
    '/auth/login/totp/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set up an authenticator app during a login the policy holds until one exists',
        description:
          'Only with the `sl_pending` cookie of a login answered with `setupRequired: true`. Confirm with ' +
          'POST /auth/login/totp and the first code.',
        response: { 200: TotpSetupSchema, 401: ProblemRef, 403: ProblemRef, 409: ProblemRef },
      },
    },
    async (request) => service.setupTotpWhilePending(app.ctx, request.cookies[PENDING_COOKIE]),
  );
}

/** Proving the second factor again within a session, for sensitive actions. */
function stepUpRoute(app: RoutesApp) {
  app.post(
    '/auth/step-up/totp',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['auth'],
        summary: 'Prove the second factor again for sensitive actions (step-up)',
        description:
          "Creating API keys, adding admins, exporting a whole school and changing one's own factors need the " +
          'factor done within 15 minutes; they answer 403 `step_up_required` otherwise. A wrong code counts ' +
          'against the login lockout.',
        security: sessionOnly,
        body: TotpCodeBodySchema,
        response: { 204: NoContent, 400: ProblemRef, 401: ProblemRef, 429: ProblemRef },
      },
    },
    async (request, reply) => {
      await service.stepUpWithTotp(
        app.ctx,
        sessionAdmin(request),
        request.body.code,
        requestClient(request),
      );
      return reply.status(204).send(null);
    },
  );
}

/** The admin session: logging out and who is logged in. */
function sessionRoutes(app: RoutesApp) {
  const secure = app.ctx.config.publicBaseUrl.startsWith('https:');

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the admin session', response: { 204: NoContent } } },
    async (request, reply) => {
      const token = request.cookies[COOKIE_NAMES.admin];
      if (token) await destroySession(app.ctx, token);
      // A login halfway (password done, factor not) ends too: "log out" leaves nothing behind.
      const pending = request.cookies[PENDING_COOKIE];
      if (pending) await service.abandonPending(app.ctx, pending);
      app.clearSessionCookie(reply, 'admin');
      reply.clearCookie(PENDING_COOKIE, pendingCookieOptions(secure));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['auth'],
        summary: 'The logged-in admin and the schools they can work in',
        security: sessionOnly,
        response: { 200: MeSchema, 401: ProblemRef },
      },
    },
    async (request) => service.me(app.ctx, request.actor!.id!),
  );
}
