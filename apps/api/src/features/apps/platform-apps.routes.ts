import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors/index.js';
import { NoContent, ProblemRef, sessionOnly } from '../../schemas/common.js';
import {
  AppEventSchema,
  AppSecretSchema,
  CreateAppBodySchema,
  CreatedLearningAppSchema,
  LearningAppSchema,
  PatchAppBodySchema,
  PlatformAppParams,
} from './schemas.js';
import * as service from './service.js';

// Platform apps (/platform/apps): registered once by a platform admin for every school; each
// school switches one on for itself. Every write is in the app's history.

const platformErrors = { 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef };

export const platformAppsRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
        response: { 200: LearningAppSchema, ...platformErrors, 409: ProblemRef },
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
