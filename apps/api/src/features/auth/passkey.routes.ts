import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { requestClient, sessionAdmin } from '../../plugins/request-client.js';
import { NoContent, ProblemRef, sessionOnly } from '../../schemas/common.js';
import type { RoutesApp } from '../../plugins/route-options.js';
import { PasskeyAssertionBodySchema, PasskeyRequestOptionsSchema } from '../second-factor/index.js';
import { finishLogin, loginStepResponses } from './auth.routes.js';
import { PENDING_COOKIE, pendingCookieOptions } from './pending.js';
import {
  loginPasswordless,
  loginWithPasskey,
  passwordlessOptions,
  pendingPasskeyOptions,
  stepUpPasskeyOptions,
  stepUpWithPasskey,
} from './passkey-login.js';

/** Binds a passwordless login's challenge to the browser that asked for it. */
const PASSWORDLESS_COOKIE = 'sl_passkey';

export const passkeyLoginRoutes: FastifyPluginAsyncTypebox = async (app) => {
  secondStepRoutes(app);
  passwordlessRoutes(app);
  stepUpRoutes(app);
};

const credential = (body: { credential: unknown }) => body.credential as AuthenticationResponseJSON;
const assertion = {
  body: PasskeyAssertionBodySchema,
};

/** A login finished by an assertion: the session cookie replaces the step's own cookie. */
function assertionLogin(
  app: RoutesApp,
  path: string,
  doc: { summary: string; description: string },
  cookie: string,
  run: typeof loginWithPasskey,
) {
  app.post(
    path,
    {
      schema: {
        tags: ['auth'],
        ...doc,
        ...assertion,
        response: loginStepResponses,
      },
    },
    async (request, reply) =>
      finishLogin(
        app,
        reply,
        cookie,
        await run(
          app.ctx,
          request.cookies[cookie],
          credential(request.body),
          requestClient(request),
        ),
      ),
  );
}

/** A login's second step with a passkey: its options, and the assertion. */
function secondStepRoutes(app: RoutesApp) {
  app.post(
    '/auth/login/passkey/options',
    {
      schema: {
        tags: ['auth'],
        summary: 'Options for the second step of a login with a passkey',
        description:
          'Needs the `sl_pending` cookie of POST /auth/login. The challenge is single use, valid 5 minutes and ' +
          'bound to this pending login; it lists only this admin’s passkeys.',
        response: {
          200: PasskeyRequestOptionsSchema,
          401: ProblemRef,
          403: ProblemRef,
          409: ProblemRef,
        },
      },
    },
    async (request) => pendingPasskeyOptions(app.ctx, request.cookies[PENDING_COOKIE]),
  );

  assertionLogin(
    app,
    '/auth/login/passkey',
    {
      summary: 'Finish a login with a passkey (sets the session cookie)',
      description:
        'Needs the `sl_pending` cookie. A refused assertion (wrong or replayed challenge, another admin’s ' +
        'passkey, a counter that went back, no user verification) answers 401 `passkey_refused` and counts ' +
        'against the same lockout as a wrong password (429 with Retry-After).',
    },
    PENDING_COOKIE,
    loginWithPasskey,
  );
}

/** A passwordless login with a discoverable passkey: its options (and cookie), and the assertion. */
function passwordlessRoutes(app: RoutesApp) {
  const secure = app.ctx.config.publicBaseUrl.startsWith('https:');
  // The passwordless cookie lives where the pending one does (the login routes only).
  const cookieOptions = pendingCookieOptions(secure);

  app.post(
    '/auth/login/passwordless/options',
    {
      schema: {
        tags: ['auth'],
        summary: 'Options for a passwordless login with a discoverable passkey',
        description:
          'Sets a cookie `sl_passkey` (5 minutes, path /api/v1/auth/login) the challenge is ' +
          'bound to. A client address may ask 100 times per 10 minutes; over that 429 (reason ' +
          '`too_many_passkey_requests`, with Retry-After).',
        response: { 200: PasskeyRequestOptionsSchema, 400: ProblemRef, 429: ProblemRef },
      },
    },
    async (request, reply) => {
      const { token, options } = await passwordlessOptions(app.ctx, requestClient(request));
      reply.setCookie(PASSWORDLESS_COOKIE, token, { ...cookieOptions, maxAge: 300 });
      return options;
    },
  );

  assertionLogin(
    app,
    '/auth/login/passwordless',
    {
      summary: 'Log in with a discoverable passkey alone (sets the session cookie)',
      description:
        'The passkey with user verification counts as both factors. Needs the `sl_passkey` cookie of the ' +
        'options. A refused assertion is 401 `passkey_refused` and counts against the lockout.',
    },
    PASSWORDLESS_COOKIE,
    loginPasswordless,
  );
}

/** Proving the second factor again with a passkey: its options, and the assertion. */
function stepUpRoutes(app: RoutesApp) {
  app.post(
    '/auth/step-up/passkey/options',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['auth'],
        summary: 'Options for proving the second factor again with a passkey (step-up)',
        security: sessionOnly,
        response: { 200: PasskeyRequestOptionsSchema, 401: ProblemRef, 409: ProblemRef },
      },
    },
    async (request) => stepUpPasskeyOptions(app.ctx, sessionAdmin(request)),
  );

  app.post(
    '/auth/step-up/passkey',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['auth'],
        summary: 'Prove the second factor again with a passkey (step-up)',
        description:
          'A refused assertion is 401 `passkey_refused` and counts against the login lockout.',
        security: sessionOnly,
        ...assertion,
        response: { 204: NoContent, 400: ProblemRef, 401: ProblemRef, 429: ProblemRef },
      },
    },
    async (request, reply) => {
      await stepUpWithPasskey(
        app.ctx,
        sessionAdmin(request),
        credential(request.body),
        requestClient(request),
      );
      return reply.status(204).send(null);
    },
  );
}
