import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IidParams, institutionErrors, ProblemRef, sessionOrKey } from '../../schemas/common.js';
import {
  CommitSummarySchema,
  SyncBodySchema,
  SyncQuerySchema,
  SyncResultSchema,
} from './commit-schemas.js';
import { sync } from './sync.js';

export const syncRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(CommitSummarySchema);
  app.put(
    '/institutions/:iid/students',
    {
      onRequest: app.institutionAccess('write'),
      // 20,000 students of a few hundred bytes each.
      bodyLimit: 12 * 1024 * 1024,
      schema: {
        tags: ['students'],
        summary:
          'Sync the whole student list (third-party tools): create, update, optionally end leavers; all or nothing',
        description:
          'Each student is validated like PUT …/students-by-stamnummer/{stamnummer}; fields left out keep ' +
          'their value (an omitted `enrolledUntil` does not re-enrol a student whose enrolment ended). ' +
          'Students missing from the list are left as they are unless `leavers: end`: then their enrolment ' +
          'ends on `leaversEndDate` (default today). Ending more than 20 % of the enrolled students or ' +
          'more than 50 needs `expectedLeavers` with that number (422 leavers_confirmation_required ' +
          'says it); a different number answers 409 leavers_count_changed. `?dryRun=true` answers ' +
          'without writing.',
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
