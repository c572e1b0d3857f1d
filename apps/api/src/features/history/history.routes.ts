import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IidSidParams, institutionErrors, sessionOrKey } from '../../schemas/common.js';
import { HistoryPageSchema, HistoryQuerySchema } from './schemas.js';
import * as service from './service.js';

export const historyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/institutions/:iid/students/:sid/history',
    {
      onRequest: app.institutionAccess('read'),
      schema: {
        tags: ['accounts'],
        summary: 'Account history of a student (newest first)',
        security: sessionOrKey,
        params: IidSidParams,
        querystring: HistoryQuerySchema,
        response: { 200: HistoryPageSchema, ...institutionErrors },
      },
    },
    async (request) =>
      service.history(
        app.ctx,
        request.institutionId,
        request.params.sid,
        request.query.page ?? 1,
        request.query.pageSize ?? 50,
      ),
  );
};
