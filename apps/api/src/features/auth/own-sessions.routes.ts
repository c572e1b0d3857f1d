import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sessionAdmin } from '../../plugins/request-client.js';
import { ownSecurityRoute } from '../../plugins/route-options.js';
import { DateTime, NoContent, NullableText, ProblemRef } from '../../schemas/common.js';
import { endOwnSession, listOwnSessions } from './own-sessions.js';

const OwnSessionSchema = Type.Object({
  id: Type.String({ description: 'A reference to the session (not its cookie)' }),
  current: Type.Boolean({ description: 'The session this request came with' }),
  userAgent: NullableText({ description: 'The browser’s User-Agent at login' }),
  createdAt: DateTime,
  lastSeenAt: DateTime,
});

const OwnSessionListSchema = Type.Object(
  { items: Type.Array(OwnSessionSchema) },
  { $id: 'OwnSessionList' },
);

const SessionParams = Type.Object(
  { sessionId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) },
  { additionalProperties: false },
);

/** The logged-in admin's own dashboard sessions. */
export const ownSessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = sessionAdmin;

  app.get(
    '/me/sessions',
    ownSecurityRoute(app, {
      summary: 'Where the logged-in admin is logged in: the live dashboard sessions',
      response: { 200: OwnSessionListSchema, 401: ProblemRef },
    }),
    async (request) => {
      const actor = admin(request);
      return { items: await listOwnSessions(app.ctx, actor.id, actor.sessionId) };
    },
  );

  app.delete(
    '/me/sessions/:sessionId',
    ownSecurityRoute(app, {
      summary: 'End one of the own sessions (another device, or this one)',
      params: SessionParams,
      response: { 204: NoContent, 400: ProblemRef, 401: ProblemRef, 404: ProblemRef },
    }),
    async (request, reply) => {
      await endOwnSession(app.ctx, admin(request).id, request.params.sessionId);
      return reply.status(204).send(null);
    },
  );
};
