import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
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
  StudentAppUseSchema,
  SwitchAppBodySchema,
} from './schemas.js';
import * as service from './service.js';
import { launchpad } from './launchpad.service.js';
import { principal } from '../portal/index.js';
import { COOKIE_NAMES } from '../auth/index.js';

// Learning apps of a school (/institutions/{iid}/apps, school admins; platform apps are in
// platform-apps.routes.ts) and the portal's launchpad. Every write is in the app's history.

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
        response: { 200: LearningAppSchema, ...institutionErrors, 409: ProblemRef },
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
};
