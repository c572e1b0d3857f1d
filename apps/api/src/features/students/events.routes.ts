import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IidParams, institutionErrors, sessionOrKey } from '../../schemas/common.js';
import { changeFeed } from './events.js';
import { EventPageSchema, EventsQuerySchema } from './events.schemas.js';

export const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/institutions/:iid/events',
    {
      onRequest: app.institutionAccess('read'),
      schema: {
        tags: ['students'],
        summary: 'Change feed: students and accounts created, changed, deactivated',
        description:
          'For a tool that keeps a copy: read from the start (no `after`), store `nextCursor`, and ask again with ' +
          '`after=<nextCursor>` (right away while `hasMore`, else every minute or so). Each entry is a student or ' +
          'account whose data changed, with its state now (upsert by `studentId`); the order is the order in which ' +
          'the changes were committed, and an entry never appears behind a cursor already handed out. An entity ' +
          'that changes again later appears again. Logins, passwords and history do not appear. An erased student ' +
          'appears once more as `change: erased` with its `studentId` only (delete your copy); nothing of it is ' +
          'left to read (its history becomes pseudonymous).\n\n' +
          "```ts\nlet after = loadCursor();\nfor (;;) {\n  const { data } = await api.GET('/api/v1/institutions/{iid}/events', " +
          '{ params: { path: { iid }, query: { after, limit: 500 } } });\n  for (const e of data.items) upsert(e);\n' +
          '  after = data.nextCursor; saveCursor(after);\n  if (!data.hasMore) await sleep(60_000);\n}\n```',
        security: sessionOrKey,
        params: IidParams,
        querystring: EventsQuerySchema,
        response: { 200: EventPageSchema, ...institutionErrors },
      },
    },
    async (request) => changeFeed(app.ctx, request.institutionId, request.query),
  );
};
