import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/index.js';
import {
  IidParams,
  IidSidParams,
  institutionErrors,
  NoContent,
  ProblemRef,
  sessionOnly,
  sessionOrKey,
} from '../../schemas/common.js';
import {
  AppEventSchema,
  AppParams,
  AppSecretSchema,
  CreateAppBodySchema,
  CreatedLearningAppSchema,
  LaunchpadSchema,
  LearningAppSchema,
  PatchAppBodySchema,
  PlatformAppParams,
  StudentAppUseSchema,
  SwitchAppBodySchema,
} from './schemas.js';
import * as service from './service.js';
import { launchpad } from './launchpad.service.js';
import { principal } from '../portal/index.js';
import { COOKIE_NAMES } from '../auth/index.js';

// Learning apps: a school's own (/institutions/{iid}/apps, school admins) and platform apps
// (/platform/apps, platform admins). Every write is in the app's history.

const platformErrors = { 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef };

export const appsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const school = (request: FastifyRequest) =>
    ({ kind: 'school', iid: request.institutionId }) as const;
  const manage = app.institutionAccess('manage');

  app.get(
    '/institutions/:iid/apps',
    {
      onRequest: manage,
      schema: {
        tags: ['apps'],
        summary: "The school's apps and the platform apps, with usage (last 30 days)",
        security: sessionOnly,
        params: IidParams,
        response: { 200: Type.Array(LearningAppSchema), ...institutionErrors },
      },
    },
    async (request) => service.list(app.ctx, school(request)),
  );

  app.get(
    '/institutions/:iid/students/:sid/apps',
    {
      onRequest: app.institutionAccess('read'),
      schema: {
        tags: ['apps'],
        summary:
          'The apps a student signed in to (and the parents, through their co-accounts): last sign-in first',
        security: sessionOrKey,
        params: IidSidParams,
        response: { 200: Type.Array(StudentAppUseSchema), ...institutionErrors },
      },
    },
    async (request) => service.appUseOfStudent(app.ctx, request.institutionId, request.params.sid),
  );

  app.post(
    '/institutions/:iid/apps',
    {
      onRequest: manage,
      schema: {
        tags: ['apps'],
        summary: 'Register an app (a confidential app gets its client secret once)',
        security: sessionOnly,
        params: IidParams,
        body: CreateAppBodySchema,
        response: { 201: CreatedLearningAppSchema, ...institutionErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .header('cache-control', 'no-store')
        .send(await service.create(app.ctx, school(request), request.actor!, request.body)),
  );

  app.get(
    '/institutions/:iid/apps/:appId',
    {
      onRequest: manage,
      schema: {
        tags: ['apps'],
        summary: 'One app (its own or a platform app)',
        security: sessionOnly,
        params: AppParams,
        response: { 200: LearningAppSchema, ...institutionErrors },
      },
    },
    async (request) => service.get(app.ctx, school(request), request.params.appId),
  );

  app.patch(
    '/institutions/:iid/apps/:appId',
    {
      onRequest: manage,
      schema: {
        tags: ['apps'],
        summary: "Change one of the school's own apps (or disable it)",
        security: sessionOnly,
        params: AppParams,
        body: PatchAppBodySchema,
        response: { 200: LearningAppSchema, ...institutionErrors },
      },
    },
    async (request) =>
      service.patch(app.ctx, school(request), request.actor!, request.params.appId, request.body),
  );

  app.delete(
    '/institutions/:iid/apps/:appId',
    {
      onRequest: manage,
      schema: {
        tags: ['apps'],
        summary: "Delete one of the school's own apps (its sign-ins and tokens end)",
        security: sessionOnly,
        params: AppParams,
        response: { 204: NoContent, ...institutionErrors },
      },
    },
    async (request, reply) => {
      await service.remove(app.ctx, school(request), request.actor!, request.params.appId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/institutions/:iid/apps/:appId/secret',
    {
      onRequest: manage,
      schema: {
        tags: ['apps'],
        summary: 'New client secret for a confidential app (shown once; the old one stops)',
        security: sessionOnly,
        params: AppParams,
        response: { 200: AppSecretSchema, ...institutionErrors, 409: ProblemRef },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(
          await service.rotateSecret(
            app.ctx,
            school(request),
            request.actor!,
            request.params.appId,
          ),
        ),
  );

  app.put(
    '/institutions/:iid/apps/:appId/enabled',
    {
      onRequest: manage,
      schema: {
        tags: ['apps'],
        summary: 'Switch an app on or off for this school (platform apps and its own)',
        security: sessionOnly,
        params: AppParams,
        body: SwitchAppBodySchema,
        response: { 200: LearningAppSchema, ...institutionErrors },
      },
    },
    async (request) =>
      service.switchForSchool(
        app.ctx,
        request.institutionId,
        request.actor!,
        request.params.appId,
        request.body.enabled,
      ),
  );

  app.get(
    '/institutions/:iid/apps/:appId/history',
    {
      onRequest: manage,
      schema: {
        tags: ['apps'],
        summary: "An app's history as this school sees it (newest first, last 200)",
        security: sessionOnly,
        params: AppParams,
        response: { 200: Type.Array(AppEventSchema), ...institutionErrors },
      },
    },
    async (request) => service.history(app.ctx, school(request), request.params.appId),
  );

  app.get(
    '/portal/launchpad',
    {
      schema: {
        tags: ['portal'],
        summary: 'The apps this student or parent may use (tiles), and for a parent the child',
        security: [{ portalSession: [] }],
        response: { 200: LaunchpadSchema, 401: ProblemRef, 403: ProblemRef },
      },
    },
    async (request, reply) => {
      const p = await principal(app.ctx, request.cookies[COOKIE_NAMES.portal], {
        allowMustChange: false,
      });
      return reply.header('cache-control', 'no-store').send(await launchpad(app.ctx, p));
    },
  );

  await app.register(platformAppsRoutes);
};

const platformAppsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = { kind: 'platform' } as const;
  app.addHook('onRequest', app.requireAdmin);
  app.addHook('onRequest', async (request) => {
    if (request.actor?.kind !== 'admin' || !request.actor.isPlatformAdmin)
      throw new AppError('forbidden', 'Only a platform admin manages platform apps.');
  });

  app.get(
    '/platform/apps',
    {
      schema: {
        tags: ['apps'],
        summary: 'Platform apps (for every school), with usage over all schools',
        security: sessionOnly,
        response: { 200: Type.Array(LearningAppSchema), 401: ProblemRef, 403: ProblemRef },
      },
    },
    async () => service.list(app.ctx, platform),
  );

  app.post(
    '/platform/apps',
    {
      schema: {
        tags: ['apps'],
        summary: 'Register a platform app once; each school switches it on for itself',
        security: sessionOnly,
        body: CreateAppBodySchema,
        response: { 201: CreatedLearningAppSchema, ...platformErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .header('cache-control', 'no-store')
        .send(await service.create(app.ctx, platform, request.actor!, request.body)),
  );

  app.get(
    '/platform/apps/:appId',
    {
      schema: {
        tags: ['apps'],
        summary: 'One platform app',
        security: sessionOnly,
        params: PlatformAppParams,
        response: { 200: LearningAppSchema, ...platformErrors },
      },
    },
    async (request) => service.get(app.ctx, platform, request.params.appId),
  );

  app.patch(
    '/platform/apps/:appId',
    {
      schema: {
        tags: ['apps'],
        summary: 'Change a platform app (or disable it for every school)',
        security: sessionOnly,
        params: PlatformAppParams,
        body: PatchAppBodySchema,
        response: { 200: LearningAppSchema, ...platformErrors },
      },
    },
    async (request) =>
      service.patch(app.ctx, platform, request.actor!, request.params.appId, request.body),
  );

  app.delete(
    '/platform/apps/:appId',
    {
      schema: {
        tags: ['apps'],
        summary: 'Delete a platform app (for every school)',
        security: sessionOnly,
        params: PlatformAppParams,
        response: { 204: NoContent, ...platformErrors },
      },
    },
    async (request, reply) => {
      await service.remove(app.ctx, platform, request.actor!, request.params.appId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/platform/apps/:appId/secret',
    {
      schema: {
        tags: ['apps'],
        summary: 'New client secret for a confidential platform app (shown once)',
        security: sessionOnly,
        params: PlatformAppParams,
        response: { 200: AppSecretSchema, ...platformErrors, 409: ProblemRef },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await service.rotateSecret(app.ctx, platform, request.actor!, request.params.appId)),
  );

  app.get(
    '/platform/apps/:appId/history',
    {
      schema: {
        tags: ['apps'],
        summary: "A platform app's history, with each school's switching",
        security: sessionOnly,
        params: PlatformAppParams,
        response: { 200: Type.Array(AppEventSchema), ...platformErrors },
      },
    },
    async (request) => service.history(app.ctx, platform, request.params.appId),
  );
};
