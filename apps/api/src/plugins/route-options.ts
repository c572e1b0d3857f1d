import type { FastifyInstance, FastifyReply, FastifySchema } from 'fastify';
import { sessionOnly } from '../schemas/common.js';

/** The body limit of the public forms (a login, an address, a new password): 413 past it. */
export const SMALL_BODY = 4 * 1024;

/**
 * Options of a route behind a mailed link (an invitation, a reset, an activation): the URL
 * carries a live credential, so it stays out of the request log (info level).
 */
export const LINK_ROUTE = { logLevel: 'warn' } as const;

/** What a page behind a link answers is never cached, and its URL never leaves as a Referer. */
export function linkPageHeaders(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

/**
 * Options of a route of the logged-in admin's own "Beveiliging" page (second factors, sessions):
 * a dashboard session only, under the `security` tag.
 */
export function ownSecurityRoute<S extends FastifySchema>(
  app: Pick<FastifyInstance, 'requireAdmin'>,
  schema: S,
) {
  return {
    onRequest: app.requireAdmin,
    schema: { tags: ['security'], security: sessionOnly, ...schema },
  };
}
