import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/index.js';
import { requestLocale } from '../../plugins/request-client.js';
import {
  IidParams,
  institutionErrors,
  NoContent,
  ProblemRef,
  sessionOnly,
} from '../../schemas/common.js';
import * as policy from './policy-admin.js';
import {
  PlatformSecurityPolicySchema,
  PolicyBodySchema,
  SchoolSecurityPolicySchema,
} from './schemas.js';
import { schoolRoutes, type RoutesApp } from '../../plugins/route-options.js';

const STEP_UP = 'Needs the second factor done within 15 minutes (else 403 `step_up_required`).';

/** Policies that require a second factor, and resetting another admin's factors. */
export const policyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  schoolPolicyRoutes(app);
  schoolResetRoute(app);
  platformResetRoute(app);
  platformPolicyRoutes(app);
};

const admin = (request: FastifyRequest) => {
  const actor = request.actor;
  if (actor?.kind !== 'admin') throw new AppError('forbidden', 'Only people change this.');
  return actor;
};
const platformAdmin = (request: FastifyRequest) => {
  const actor = admin(request);
  if (!actor.isPlatformAdmin) throw new AppError('forbidden', 'Only a platform admin may.');
  return actor;
};

/** Whether a school requires a second factor: read and set. */
function schoolPolicyRoutes(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'security', sessionOnly);

  app.get(
    '/institutions/:iid/security-policy',
    schoolRoute('manage', {
      summary: 'Whether this school requires a second factor of its admins and helpdesk',
      params: IidParams,
      response: { 200: SchoolSecurityPolicySchema, ...institutionErrors },
    }),
    async (request) => policy.schoolPolicy(app.ctx, request.institutionId),
  );

  app.put(
    '/institutions/:iid/security-policy',
    {
      ...schoolRoute('manage', {
        summary: 'Require (or stop requiring) a second factor of this school’s admins and helpdesk',
        description:
          'Who has none is asked to set one up at the next login, before anything else. Recorded. ' +
          STEP_UP,
        params: IidParams,
        body: PolicyBodySchema,
        response: { 200: SchoolSecurityPolicySchema, ...institutionErrors },
      }),
      preHandler: app.requireRecentFactor,
    },
    async (request) =>
      policy.setSchoolPolicy(
        app.ctx,
        request.institutionId,
        admin(request),
        request.body.requireSecondFactor,
      ),
  );
}

/** A school admin removes the factors of another admin of the school. */
function schoolResetRoute(app: RoutesApp) {
  const schoolRoute = schoolRoutes(app, 'security', sessionOnly);

  app.post(
    '/institutions/:iid/admins/:adminId/second-factor-reset',
    {
      ...schoolRoute('manage', {
        summary: 'Remove every second factor of another admin of this school (lost phone)',
        description:
          'Removes the passkeys, the authenticator app and the recovery codes and ends the person’s ' +
          'sessions; recorded and mailed to them. Not for oneself (403), not for someone who also works ' +
          'for a school you are not an admin of (403: their sessions there would end too; a platform admin ' +
          'resets them) and, unless you are one, not for a platform admin (403). ' +
          STEP_UP,
        params: Type.Object(
          { iid: Type.String({ maxLength: 64 }), adminId: Type.String({ maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: { 204: NoContent, ...institutionErrors },
      }),
      preHandler: app.requireRecentFactor,
    },
    async (request, reply) => {
      await policy.resetFactors(
        app.ctx,
        request.institutionId,
        admin(request),
        request.params.adminId,
        requestLocale(request),
      );
      return reply.status(204).send(null);
    },
  );
}

/** A platform admin removes the factors of any admin. */
function platformResetRoute(app: RoutesApp) {
  app.post(
    '/platform/admins/:adminId/second-factor-reset',
    {
      onRequest: app.requireAdmin,
      preHandler: app.requireRecentFactor,
      schema: {
        tags: ['security'],
        summary:
          'Remove every second factor of any admin, with or without a school (platform admin)',
        description:
          'As the school route, for a platform admin: also for an admin who belongs to no school ' +
          '(another platform admin, say). Not for oneself (403). ' +
          STEP_UP,
        security: sessionOnly,
        params: Type.Object(
          { adminId: Type.String({ maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: {
          204: NoContent,
          400: ProblemRef,
          401: ProblemRef,
          403: ProblemRef,
          404: ProblemRef,
        },
      },
    },
    async (request, reply) => {
      await policy.resetFactorsAsPlatform(
        app.ctx,
        platformAdmin(request),
        request.params.adminId,
        requestLocale(request),
      );
      return reply.status(204).send(null);
    },
  );
}

/** Whether the installation requires a second factor of every admin: read and set. */
function platformPolicyRoutes(app: RoutesApp) {
  app.get(
    '/platform/security-policy',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['security'],
        summary:
          'Whether the installation requires a second factor of every admin (platform admin)',
        security: sessionOnly,
        response: { 200: PlatformSecurityPolicySchema, 401: ProblemRef, 403: ProblemRef },
      },
    },
    async (request) => {
      platformAdmin(request);
      return policy.platformPolicy(app.ctx);
    },
  );

  app.put(
    '/platform/security-policy',
    {
      onRequest: app.requireAdmin,
      preHandler: app.requireRecentFactor,
      schema: {
        tags: ['security'],
        summary: 'Require (or stop requiring) a second factor of every admin and helpdesk user',
        description: 'Platform admins only. Recorded. ' + STEP_UP,
        security: sessionOnly,
        body: PolicyBodySchema,
        response: { 200: PlatformSecurityPolicySchema, 401: ProblemRef, 403: ProblemRef },
      },
    },
    async (request) =>
      policy.setPlatformPolicy(app.ctx, platformAdmin(request), request.body.requireSecondFactor),
  );
}
