import { requestLocale, sessionAdmin } from '../../plugins/request-client.js';
import { ownSecurityRoute, type RoutesApp } from '../../plugins/route-options.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { NoContent, ProblemRef } from '../../schemas/common.js';
import { markSecondFactor } from '../auth/index.js';
import { ownFactorChangeRoute } from './security.routes.js';
import {
  PasskeyCreationOptionsSchema,
  PasskeyListSchema,
  PasskeyParams,
  PasskeyRegisterBodySchema,
  PasskeyRenameBodySchema,
  PasskeySchema,
} from './passkey-schemas.js';
import {
  listOwnPasskeys,
  registerPasskey,
  registrationOptions,
  removePasskey,
  renamePasskey,
} from './passkeys.js';

/** The logged-in admin's own passkeys ("Beveiliging" in the dashboard). */
export const passkeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  listRoute(app);
  addRoutes(app);
  onePasskeyRoutes(app);
};

const admin = sessionAdmin;

/** The admin's passkeys. */
function listRoute(app: RoutesApp) {
  app.get(
    '/me/security/passkeys',
    ownSecurityRoute(app, {
      summary: 'The passkeys of the logged-in admin, with when each was last used',
      response: { 200: PasskeyListSchema, 401: ProblemRef },
    }),
    async (request) => ({ items: await listOwnPasskeys(app.ctx, admin(request).id) }),
  );
}

/** Adding a passkey: the options for the browser, then its answer. */
function addRoutes(app: RoutesApp) {
  app.post(
    '/me/security/passkeys/options',
    ownFactorChangeRoute(app, {
      summary: 'Start adding a passkey: options for navigator.credentials.create()',
      description:
        'The challenge is single use, valid 5 minutes and bound to this session. An admin who ' +
        'has a second factor already needs it done within the last 15 minutes (else 403 ' +
        '`step_up_required`); one without any needs the password confirmed within the last 10 ' +
        '(POST /me/security/confirm-password; else 403 `password_confirmation_required`). Finish ' +
        'with POST /me/security/passkeys.',
      response: { 200: PasskeyCreationOptionsSchema, 401: ProblemRef, 403: ProblemRef },
    }),
    async (request) => registrationOptions(app.ctx, admin(request)),
  );

  // The step-up (or the password) is checked again at the finish: the options may have been
  // asked while the admin had no factor yet or the step-up was still fresh (the challenge lives
  // 5 minutes).
  app.post(
    '/me/security/passkeys',
    ownFactorChangeRoute(app, {
      summary: 'Finish adding a passkey with the answer of navigator.credentials.create()',
      description:
        'Needs user verification (PIN, fingerprint, face). Recorded in the admin’s history and ' +
        'mailed to them; the admin’s other sessions end. A refused or replayed answer is 401 ' +
        '`passkey_refused` and changes nothing; the challenge is spent either way. With a factor ' +
        'already, needs it done within the last 15 minutes here too (403 `step_up_required`); ' +
        'without, the password confirmed within the last 10 (403 ' +
        '`password_confirmation_required`). This session counts as having done the second factor ' +
        'now.',
      body: PasskeyRegisterBodySchema,
      response: {
        201: PasskeySchema,
        400: ProblemRef,
        401: ProblemRef,
        403: ProblemRef,
        409: ProblemRef,
      },
    }),
    async (request, reply) => {
      const actor = admin(request);
      const passkey = await registerPasskey(
        app.ctx,
        actor,
        request.body.name,
        request.body.credential as RegistrationResponseJSON,
        requestLocale(request),
      );
      if (actor.sessionId) await markSecondFactor(app.ctx.db, actor.sessionId, app.ctx.now());
      return reply.status(201).send(passkey);
    },
  );
}

/** One of the admin's passkeys: renaming and removing it. */
function onePasskeyRoutes(app: RoutesApp) {
  app.patch(
    '/me/security/passkeys/:passkeyId',
    ownSecurityRoute(app, {
      summary: 'Rename one of the own passkeys',
      params: PasskeyParams,
      body: PasskeyRenameBodySchema,
      response: { 200: PasskeySchema, 400: ProblemRef, 401: ProblemRef, 404: ProblemRef },
    }),
    async (request) =>
      renamePasskey(app.ctx, admin(request).id, request.params.passkeyId, request.body.name),
  );

  app.delete(
    '/me/security/passkeys/:passkeyId',
    ownFactorChangeRoute(app, {
      summary: 'Remove one of the own passkeys',
      description:
        'Needs the second factor done within the last 15 minutes (else 403 `step_up_required`). ' +
        'Recorded and mailed; the admin’s other sessions end. Without any factor left the ' +
        'recovery codes go too.',
      params: PasskeyParams,
      response: { 204: NoContent, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef },
    }),
    async (request, reply) => {
      await removePasskey(
        app.ctx,
        admin(request),
        request.params.passkeyId,
        requestLocale(request),
      );
      return reply.status(204).send(null);
    },
  );
}
