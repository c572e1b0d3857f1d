import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../errors/index.js';
import { ProblemRef, sessionOnly } from '../../schemas/common.js';
import { JobStatusSchema } from './schemas.js';
import { jobStatus } from './scheduler.js';

/** The periodic jobs' status, for platform admins (they run for every school at once). */
export const jobsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireAdmin);
  app.addHook('onRequest', async (request) => {
    if (request.actor?.kind !== 'admin' || !request.actor.isPlatformAdmin)
      throw new AppError('forbidden', 'Only a platform admin sees the periodic jobs.');
  });

  app.get(
    '/platform/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Periodic jobs: last run, duration, counts and errors of each',
        security: sessionOnly,
        response: { 200: Type.Array(JobStatusSchema), 401: ProblemRef, 403: ProblemRef },
      },
    },
    async (_request, reply) =>
      reply.header('cache-control', 'no-store').send(await jobStatus(app.ctx, app.scheduler.jobs)),
  );
};
