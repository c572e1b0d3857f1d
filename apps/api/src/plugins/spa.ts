import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import { notFound } from '../platform/errors/index.js';

/** An absolute-form request target's scheme and authority (`GET http://host/path`). */
const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/**
 * A request target's path as the router reads it: without the scheme and authority of an
 * absolute-form target, the query or fragment, and with its escapes decoded (`/%61pi/` is
 * `/api/`; an undecodable one as written).
 */
export function routedPath(url: string): string {
  const target = url.replace(ABSOLUTE_FORM, '');
  const end = target.search(/[?#]/);
  const path = end < 0 ? target : target.slice(0, end);
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Serves the built dashboard/portal; every non-API GET falls back to index.html (history mode). */
export default fp(async function spa(app: FastifyInstance, opts: { root: string }) {
  if (!existsSync(`${opts.root}/index.html`)) {
    app.log.warn({ root: opts.root }, 'web app not built: only the API is served (run pnpm build)');
    return;
  }
  // Loaded only when there is something to serve (@fastify/static pulls in ESM-only deps).
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic, {
    root: opts.root,
    wildcard: false,
    index: false,
    setHeaders: (res, path) => {
      if (path.includes('/assets/'))
        res.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  // warn: SPA paths can carry an activation token (/co-account/activeren/<token>): not in the request log.
  // The page reads nothing of the request but its path's start, so the API's text rule does not
  // apply (ownTextCheck): a link or a reload with a control or invisible character in its path or
  // query gets the app, whose own API calls then answer for it (found by an outside test: a
  // reload of a search with a pasted U+200F showed a raw JSON 400 in English).
  const page = {
    schema: { hide: true },
    logLevel: 'warn',
    config: { ownTextCheck: true },
  } as const;
  app.get('/*', page, async (request, reply) => {
    if (routedPath(request.url).startsWith('/api/')) throw notFound('Route');
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
});
