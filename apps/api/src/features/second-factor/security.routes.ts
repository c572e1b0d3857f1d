import { requestClient, requestLocale, sessionAdmin } from '../../plugins/request-client.js';
import { ownSecurityRoute, SMALL_BODY, type RoutesApp } from '../../plugins/route-options.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { NoContent, ProblemRef } from '../../schemas/common.js';
import { confirmPassword, markSecondFactor } from '../auth/index.js';
import { AppError } from '../../platform/errors/index.js';
import { assertMayChangeFactors, factorRequired, methodsOf } from './policy.js';
import {
  CodeBodySchema,
  ConfirmPasswordBodySchema,
  RecoveryCodesSchema,
  SecurityOverviewSchema,
  TotpSetupSchema,
} from './schemas.js';
import { regenerateRecoveryCodes, remainingRecoveryCodes } from './recovery.js';
import { beginTotp, linkTotp, removeTotp } from './totp.js';
import { countPasskeys } from './passkeys.js';

/**
 * Options of a route that adds or removes one of the admin's own factors: one of the own
 * "Beveiliging" routes that, with a factor set up already, needs it done within the last 15
 * minutes (403 `step_up_required`) and, without any, the password confirmed within the last 10
 * (403 `password_confirmation_required`). Checked once the request is valid, before the handler.
 */
export function ownFactorChangeRoute<S extends FastifySchema>(
  app: Pick<FastifyInstance, 'ctx' | 'requireAdmin'>,
  schema: S,
) {
  return {
    ...ownSecurityRoute(app, schema),
    preHandler: async (request: FastifyRequest) =>
      assertMayChangeFactors(app.ctx, sessionAdmin(request)),
  };
}

/** The logged-in admin's own second factors ("Beveiliging" in the dashboard). */
export const securityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  overviewRoute(app);
  confirmPasswordRoute(app);
  totpLinkRoutes(app);
  recoveryCodesRoute(app);
  totpRemoveRoute(app);
};

const admin = sessionAdmin;

/** What the admin has set up (app, passkeys, recovery codes), and whether a factor is required. */
function overviewRoute(app: RoutesApp) {
  app.get(
    '/me/security',
    ownSecurityRoute(app, {
      summary: 'The second factors of the logged-in admin',
      response: { 200: SecurityOverviewSchema, 401: ProblemRef },
    }),
    async (request) => {
      const { id } = admin(request);
      const methods = await methodsOf(app.ctx, id);
      return {
        totp: { enabled: methods.includes('totp') },
        passkeys: { count: await countPasskeys(app.ctx, id) },
        recoveryCodes: { remaining: await remainingRecoveryCodes(app.ctx, id) },
        required: await factorRequired(app.ctx, id),
      };
    },
  );
}

/**
 * "Sudo mode": the admin types the password again, and for 10 minutes this session may add a
 * first factor (with a factor already, the factor is asked instead: step-up).
 */
function confirmPasswordRoute(app: RoutesApp) {
  app.post(
    '/me/security/confirm-password',
    {
      ...ownSecurityRoute(app, {
        summary: 'Confirm the current password for this session (before adding a first factor)',
        description:
          'An admin without any second factor adds the first one (POST /me/security/totp and ' +
          '/me/security/passkeys/options, and their finishing steps) only within 10 minutes ' +
          'after confirming the password here; else they answer 403 ' +
          '`password_confirmation_required`. A wrong password is 401 `invalid_credentials` and ' +
          'counts like a failed login of this admin (the same lockout: 429 with Retry-After).',
        body: ConfirmPasswordBodySchema,
        response: { 204: NoContent, 400: ProblemRef, 401: ProblemRef, 429: ProblemRef },
      }),
      bodyLimit: SMALL_BODY,
    },
    async (request, reply) => {
      await confirmPassword(app.ctx, admin(request), request.body.password, requestClient(request));
      return reply.status(204).send(null);
    },
  );
}

/** Linking an authenticator app: a new secret, then its first code. */
function totpLinkRoutes(app: RoutesApp) {
  // A session whose factor is stale must not link an app of its own: the app would then stand in
  // for the factor it never proved (and could remove the admin's passkey).
  app.post(
    '/me/security/totp',
    ownFactorChangeRoute(app, {
      summary: 'Start setting up an authenticator app: a new secret and its QR code',
      description:
        'The secret counts only after POST /me/security/totp/confirm with a first code. 409 when ' +
        'an app is set up already. An admin who has a factor already (a passkey) must have done ' +
        'it within the last 15 minutes (403 `step_up_required` otherwise), as for adding a ' +
        'passkey; one without any factor must have confirmed the password within the last 10 ' +
        '(POST /me/security/confirm-password; 403 `password_confirmation_required` otherwise).',
      response: {
        200: TotpSetupSchema,
        401: ProblemRef,
        403: ProblemRef,
        409: ProblemRef,
      },
    }),
    async (request) => beginTotp(app.ctx, admin(request)),
  );

  app.post(
    '/me/security/totp/confirm',
    ownFactorChangeRoute(app, {
      summary: 'Confirm the authenticator app with its first code',
      description:
        'From now on a login asks for a code after the password. Recorded in the admin’s history ' +
        'and mailed to them; the admin’s other sessions end. With a factor already, needs it ' +
        'done within the last 15 minutes (403 `step_up_required`); without, the password ' +
        'confirmed within the last 10 (403 `password_confirmation_required`). This session ' +
        'counts as having done the second factor now.',
      body: CodeBodySchema,
      response: { 204: NoContent, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef },
    }),
    async (request, reply) => {
      const actor = admin(request);
      if (!(await linkTotp(app.ctx, actor, request.body.code, requestLocale(request))))
        throw new AppError('invalid_code', 'The code is not correct; scan the QR code again?');
      if (actor.sessionId) await markSecondFactor(app.ctx.db, actor.sessionId, app.ctx.now());
      return reply.status(204).send(null);
    },
  );
}

/** A new set of recovery codes. */
function recoveryCodesRoute(app: RoutesApp) {
  app.post(
    '/me/security/recovery-codes',
    ownSecurityRoute(app, {
      summary: 'A new set of ten recovery codes (shown once; the old set stops working)',
      description:
        'Only with a second factor set up (409 otherwise) and done within the last 15 minutes ' +
        '(403 `step_up_required` otherwise). The codes are stored hashed. The admin’s other ' +
        'sessions end.',
      response: { 200: RecoveryCodesSchema, 401: ProblemRef, 403: ProblemRef, 409: ProblemRef },
    }),
    async (request) => {
      const actor = admin(request);
      if ((await methodsOf(app.ctx, actor.id)).length === 0)
        throw new AppError('conflict', 'Set up a passkey or an authenticator app first.');
      await assertMayChangeFactors(app.ctx, actor);
      return { codes: await regenerateRecoveryCodes(app.ctx, actor) };
    },
  );
}

/** Removing the authenticator app. */
function totpRemoveRoute(app: RoutesApp) {
  app.delete(
    '/me/security/totp',
    ownFactorChangeRoute(app, {
      summary: 'Remove the authenticator app',
      description:
        'Needs the second factor done within the last 15 minutes (else 403 `step_up_required`). ' +
        'Recorded in the admin’s history and mailed to them; the admin’s other sessions end.',
      response: { 204: NoContent, 401: ProblemRef, 403: ProblemRef },
    }),
    async (request, reply) => {
      await removeTotp(app.ctx, admin(request), requestLocale(request));
      return reply.status(204).send(null);
    },
  );
}
