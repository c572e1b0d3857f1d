import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IidParams, institutionErrors, ProblemRef, sessionOrKey } from '../../schemas/common.js';
import { SyncBodySchema, SyncQuerySchema, SyncResultSchema } from './schemas.js';
import { sync } from './sync.js';

export const syncRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/institutions/:iid/students',
    {
      onRequest: app.institutionAccess('write'),
      // 20,000 students of a few hundred bytes each.
      bodyLimit: 12 * 1024 * 1024,
      schema: {
        tags: ['students'],
        summary:
          'Sync the whole student list (third-party tools): create, update, end leavers; all or nothing',
        description:
          'Each student is validated like PUT …/students/by-stamnummer/{stamnummer}; fields left out keep ' +
          'their value. Students missing from the list are leavers: their enrolment ends on ' +
          '`leaversEndDate` (default today) unless `leavers: keep`. A listed student whose enrolment ' +
          'had ended is enrolled again. `?dryRun=true` answers without writing.',
        security: sessionOrKey,
        params: IidParams,
        querystring: SyncQuerySchema,
        body: SyncBodySchema,
        response: { 200: SyncResultSchema, ...institutionErrors, 409: ProblemRef, 413: ProblemRef },
      },
    },
    async (request) =>
      sync(
        app.ctx,
        request.actor!,
        request.institutionId,
        request.body,
        request.query.dryRun ?? false,
      ),
  );
};
