import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { ProblemRef } from '../../schemas/common.js';

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
        await sql`select 1`.execute(app.ctx.db);
        return { status: 'ok' as const, database };
      },
    );
  };
