import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemRef } from '../../schemas/common.js';
import { ping } from './repository.js';

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('postgres'), Type.Literal('pglite')]),
});

export const healthRoutes =
  (database: 'postgres' | 'pglite'): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/health',
      {
        schema: {
          tags: ['operations'],
          summary: 'Liveness and database check',
          response: { 200: HealthSchema, 503: ProblemRef },
        },
      },
      async () => {
        await ping(app.ctx.db);
        return { status: 'ok' as const, database };
      },
    );
  };
