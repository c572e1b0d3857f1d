import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { onRequestHookHandler } from 'fastify';
import type { RoutesApp } from '../../plugins/route-options.js';
import {
  IidParams,
  IidSidParams,
  institutionErrors,
  ProblemRef,
  sessionOnly,
  sessionOrKey,
} from '../../schemas/common.js';
import {
  AppParams,
  LaunchpadSchema,
  LearningAppSchema,
  StudentAppUseSchema,
  SwitchAppBodySchema,
} from './schemas.js';
import { appAdminRoutes, type AppAdmin } from './app-admin.routes.js';
import * as service from './service.js';
import { launchpad } from './launchpad.service.js';
import { principal } from '../portal/index.js';
import { COOKIE_NAMES } from '../auth/index.js';

// Learning apps of a school (/institutions/{iid}/apps, school admins; platform apps are in
// platform-apps.routes.ts) and the portal's launchpad. Every write is in the app's history.

export const appsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const manage = app.institutionAccess('manage');
  const shared = appAdminRoutes(app, schoolApps(manage));

  shared.collection();
  studentAppsRoute(app);
  shared.item();
  switchRoute(app, manage);
  shared.history();
  launchpadRoute(app);
};

/** Where and how the shared app routes run for a school: its managers only. */
function schoolApps(manage: onRequestHookHandler): AppAdmin {
  return {
    path: '/institutions/:iid/apps',
    params: IidParams,
    appParams: AppParams,
    onRequest: manage,
    listErrors: institutionErrors,
    errors: institutionErrors,
    summaries: {
      list: "The school's apps and the platform apps, with usage (last 30 days)",
      create: 'Register an app (a confidential app gets its client secret once)',
      get: 'One app (its own or a platform app)',
      patch: "Change one of the school's own apps (or disable it)",
      remove: "Delete one of the school's own apps (its sign-ins and tokens end)",
      secret: 'New client secret for a confidential app (shown once; the old one stops)',
      history: "An app's history as this school sees it (newest first, last 200)",
    },
    owner: (request) => ({ kind: 'school', iid: request.institutionId }),
  };
}

/** The apps one student (and the parents) signed in to. */
function studentAppsRoute(app: RoutesApp) {
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
}

/** Switching an app on or off for the school. */
function switchRoute(app: RoutesApp, manage: onRequestHookHandler) {
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
}

/** The portal's launchpad: the tiles of a student or parent. */
function launchpadRoute(app: RoutesApp) {
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
}
