import { requestLocale, sessionAdmin } from '../../plugins/request-client.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NoContent, ProblemRef, sessionOnly } from '../../schemas/common.js';
import { markSecondFactor } from '../auth/index.js';
import { AppError } from '../../platform/errors/index.js';
import { assertMayChangeFactors, factorRequired, methodsOf } from './policy.js';
import {
  CodeBodySchema,
  RecoveryCodesSchema,
  SecurityOverviewSchema,
  TotpSetupSchema,
} from './schemas.js';
import { regenerateRecoveryCodes, remainingRecoveryCodes } from './recovery.js';
import { beginTotp, linkTotp, removeTotp } from './totp.js';
import { countPasskeys } from './passkeys.js';

/** The logged-in admin's own second factors ("Beveiliging" in the dashboard). */
export const securityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = sessionAdmin;

  app.get(
    '/me/security',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['security'],
        summary: 'The second factors of the logged-in admin',
        security: sessionOnly,
        response: { 200: SecurityOverviewSchema, 401: ProblemRef },
      },
    },
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

  app.post(
    '/me/security/totp',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['security'],
        summary: 'Start setting up an authenticator app: a new secret and its QR code',
        description:
          'The secret counts only after POST /me/security/totp/confirm with a first code. 409 when an app is ' +
          'set up already. An admin who has a factor already (a passkey) must have done it within the last 15 ' +
          'minutes (403 `step_up_required` otherwise), as for adding a passkey.',
        security: sessionOnly,
        response: {
          200: TotpSetupSchema,
          401: ProblemRef,
          403: ProblemRef,
          409: ProblemRef,
        },
      },
    },
    async (request) => {
      const actor = admin(request);
      // A session whose factor is stale must not link an app of its own: the app would then
      // stand in for the factor it never proved (and could remove the admin's passkey).
      await assertMayChangeFactors(app.ctx, actor);
      return beginTotp(app.ctx, actor);
    },
  );

  app.post(
    '/me/security/totp/confirm',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['security'],
        summary: 'Confirm the authenticator app with its first code',
        description:
          'From now on a login asks for a code after the password. Recorded in the admin’s history and ' +
          'mailed to them. With a factor already, needs it done within the last 15 minutes (403 ' +
          '`step_up_required`). This session counts as having done the second factor now.',
        security: sessionOnly,
        body: CodeBodySchema,
        response: { 204: NoContent, 400: ProblemRef, 401: ProblemRef, 403: ProblemRef },
      },
    },
    async (request, reply) => {
      const actor = admin(request);
      await assertMayChangeFactors(app.ctx, actor);
      if (!(await linkTotp(app.ctx, actor, request.body.code, requestLocale(request))))
        throw new AppError('invalid_code', 'The code is not correct; scan the QR code again?');
      if (actor.sessionId) await markSecondFactor(app.ctx.db, actor.sessionId, app.ctx.now());
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/security/recovery-codes',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['security'],
        summary: 'A new set of ten recovery codes (shown once; the old set stops working)',
        description:
          'Only with a second factor set up (409 otherwise) and done within the last 15 minutes (403 ' +
          '`step_up_required` otherwise). The codes are stored hashed.',
        security: sessionOnly,
        response: { 200: RecoveryCodesSchema, 401: ProblemRef, 403: ProblemRef, 409: ProblemRef },
      },
    },
    async (request) => {
      const actor = admin(request);
      if ((await methodsOf(app.ctx, actor.id)).length === 0)
        throw new AppError('conflict', 'Set up a passkey or an authenticator app first.');
      await assertMayChangeFactors(app.ctx, actor);
      return { codes: await regenerateRecoveryCodes(app.ctx, actor) };
    },
  );

  app.delete(
    '/me/security/totp',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['security'],
        summary: 'Remove the authenticator app',
        description:
          'Needs the second factor done within the last 15 minutes (else 403 `step_up_required`). Recorded ' +
          'in the admin’s history and mailed to them.',
        security: sessionOnly,
        response: { 204: NoContent, 401: ProblemRef, 403: ProblemRef },
      },
    },
    async (request, reply) => {
      await assertMayChangeFactors(app.ctx, admin(request));
      await removeTotp(app.ctx, admin(request), requestLocale(request));
      return reply.status(204).send(null);
    },
  );
};
