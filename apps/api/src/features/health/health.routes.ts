import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemRef } from '../../schemas/common.js';
import { draining, readiness } from './service.js';

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('postgres'), Type.Literal('pglite')]),
});

const ReadySchema = Type.Object({
  status: Type.Literal('ok'),
  checks: Type.Object({ database: Type.Literal('ok') }),
});

export const healthRoutes =
  (database: 'postgres' | 'pglite'): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Liveness: the process serves requests. It never touches the database, so a held lock or an
    // exhausted pool does not make an orchestrator restart healthy instances.
    // Probes are not logged per request (a balancer's checks alone made ~86,000 info lines a day
    // per instance); a failing readiness still logs its problem.
    app.get(
      '/api/health',
      {
        logLevel: 'warn',
        schema: {
          tags: ['operations'],
          summary: 'Liveness (does not touch the database)',
          response: { 200: HealthSchema },
        },
      },
      async () => ({ status: 'ok' as const, database }),
    );

    app.get(
      '/api/health/ready',
      {
        logLevel: 'warn',
        schema: {
          tags: ['operations'],
          summary: 'Readiness: the database answers within a second',
          description:
            'Answers 503 problem+json with `checks` naming the dependency that is down (`database`: `timeout` or `down`) after at most one second, ' +
            'or `shutdown: draining` while the instance is stopping (it still serves what reaches it, and then closes).',
          response: { 200: ReadySchema, 503: ProblemRef },
        },
      },
      async () => {
        if (app.draining) throw draining();
        await readiness(app.ctx);
        return { status: 'ok' as const, checks: { database: 'ok' as const } };
      },
    );
  };
