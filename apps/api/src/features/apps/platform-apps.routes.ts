import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors/index.js';
import { ProblemRef } from '../../schemas/common.js';
import { PlatformAppParams } from './schemas.js';
import { appAdminRoutes } from './app-admin.routes.js';

// Platform apps (/platform/apps): registered once by a platform admin for every school; each
// school switches one on for itself. Every write is in the app's history.

const platformErrors = { 400: ProblemRef, 401: ProblemRef, 403: ProblemRef, 404: ProblemRef };

export const platformAppsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireAdmin);
  app.addHook('onRequest', async (request) => {
    if (request.actor?.kind !== 'admin' || !request.actor.isPlatformAdmin)
      throw new AppError('forbidden', 'Only a platform admin manages platform apps.');
  });

  const shared = appAdminRoutes(app, {
    path: '/platform/apps',
    appParams: PlatformAppParams,
    listErrors: { 401: ProblemRef, 403: ProblemRef },
    errors: platformErrors,
    summaries: {
      list: 'Platform apps (for every school), with usage over all schools',
      create: 'Register a platform app once; each school switches it on for itself',
      get: 'One platform app',
      patch: 'Change a platform app (or disable it for every school)',
      remove: 'Delete a platform app (for every school)',
      secret: 'New client secret for a confidential platform app (shown once)',
      history: "A platform app's history, with each school's switching",
    },
    owner: () => ({ kind: 'platform' }),
  });
  shared.collection();
  shared.item();
  shared.history();
};
