import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifySchema } from 'fastify';
import type { AccessLevel } from '../context.js';
import { sessionOnly, sessionOrKey } from '../schemas/common.js';

/**
 * The app a route plugin registers on, for the functions a plugin splits its routes into
 * (one function per group of routes, called in registration order).
 */
export type RoutesApp = Parameters<FastifyPluginAsyncTypebox>[0];

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

/**
 * The options of one family of school routes (one tag, one way in): `route(level, schema)` gives a
 * route under /institutions/:iid that checks the actor's access level on that school first.
 */
export function schoolRoutes(
  app: Pick<FastifyInstance, 'institutionAccess'>,
  tag: string,
  security = sessionOrKey,
) {
  return <S extends FastifySchema>(level: AccessLevel, schema: S) => ({
    onRequest: app.institutionAccess(level),
    schema: { tags: [tag], security, ...schema },
  });
}
