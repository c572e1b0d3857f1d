import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IidSidParams,
  institutionErrors,
  sessionOnly,
  sessionOrKey,
} from '../../schemas/common.js';
import { eraseNow } from './erase.js';
import { keepUntil } from './keep.js';
import {
  EraseBodySchema,
  ErasureAnswerSchema,
  KeepAnswerSchema,
  KeepBodySchema,
} from './schemas.js';

// The person's data over time, per student: keep longer than the grace period, or erase now.
export const erasureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/institutions/:iid/students/:sid/keep',
    {
      onRequest: app.institutionAccess('write'),
      schema: {
        tags: ['lifecycle'],
        summary:
          'Keep a student\'s data at least until a day ("Bewaren tot…", e.g. a student who may return), or null to let the grace period decide',
        security: sessionOrKey,
        params: IidSidParams,
        body: KeepBodySchema,
        response: { 200: KeepAnswerSchema, ...institutionErrors },
      },
    },
    async (request) =>
      keepUntil(
        app.ctx,
        request.institutionId,
        request.params.sid,
        request.actor!,
        request.body.keepUntil,
      ),
  );

  app.post(
    '/institutions/:iid/students/:sid/erase',
    {
      onRequest: app.institutionAccess('manage'),
      preHandler: app.requireRecentFactor,
      schema: {
        tags: ['lifecycle'],
        summary:
          'Erase a student now ("Nu wissen"): personal data, account, credentials and co-accounts are deleted, the history becomes pseudonymous, the username stays reserved. The confirmation is the student\'s stamnummer or name',
        security: sessionOnly,
        params: IidSidParams,
        body: EraseBodySchema,
        response: { 200: ErasureAnswerSchema, ...institutionErrors },
      },
    },
    async (request) =>
      eraseNow(
        app.ctx,
        request.institutionId,
        request.params.sid,
        request.actor!,
        request.body.confirmation,
      ),
  );
};
