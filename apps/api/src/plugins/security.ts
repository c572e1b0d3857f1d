import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, preParsingHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../platform/errors/index.js';
import { PAGE_STYLE_HASH } from '../features/oidc/index.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The route that hands a request to oidc-provider (features/oidc/oidc.routes.ts). */
const PROVIDER_ROUTE = '/oidc/*';
const INTERACTION_PREFIX = '/oidc/interaction/';

/** helmet's headers with our Content-Security-Policy; HSTS only behind https. */
function buildSecurityHeaders(hsts: boolean) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        // No 'unsafe-inline' (issue 13): Vue sets dynamic styles through the CSSOM, which CSP
        // does not govern, the built SPA has no <style> or style attribute in its HTML, and the
        // identity provider's own pages carry one style block allowed by its hash.
        styleSrc: ["'self'", PAGE_STYLE_HASH],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // The legacy header says what frame-ancestors 'none' says (helmet's default is SAMEORIGIN).
    frameguard: { action: 'deny' },
    hsts,
  });
}

/**
 * The headers of the JSON API (everything under /api/v1/): OWASP's set for REST answers, from
 * helmet too. An answer of the API is data, not a page: a CSP that lets it load and run nothing
 * and be framed nowhere, no MIME sniffing, no Referer, no cross-origin reads, and `no-store`,
 * since nearly every answer names children or carries a credential (a route that serves something
 * public, a picture or a font, says so itself). The page-only headers (cross-origin opener, origin
 * agent cluster, the legacy IE and Flash ones) are left out.
 */
function buildApiHeaders(hsts: boolean) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    frameguard: { action: 'deny' },
    hsts,
  });
}

/** The headers helmet's middleware sets, captured once from a response that records them. */
function securityHeaderValues(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  // helmet answers synchronously; a future version that did not would leave answers bare.
  if (!done) throw new Error('helmet did not set its headers synchronously');
  return headers;
}

/** The path prefix of the JSON API, whose answers get the API's headers (buildApiHeaders). */
export const API_PREFIX = '/api/v1/';

const computed = new Map<string, Record<string, string>>();

/**
 * The security headers of every answer: helmet's, with our CSP, for pages (the app, the API docs,
 * the identity provider's pages); the API's set for answers of the API (see buildApiHeaders and
 * answersApi); HSTS when the public address is https. Computed once per process: they depend on
 * nothing in the request but whether it is the API's.
 */
export function securityHeaders(publicBaseUrl: string, api = false): Record<string, string> {
  const hsts = publicBaseUrl.startsWith('https:');
  const key = `${api} ${hsts}`;
  let headers = computed.get(key);
  if (!headers) {
    headers = securityHeaderValues(api ? buildApiHeaders(hsts) : buildSecurityHeaders(hsts));
    if (api) headers['cache-control'] = 'no-store';
    computed.set(key, headers);
  }
  return headers;
}

/**
 * Whether a request is the JSON API's: by its path as written, or else by the route it reached
 * (the router decodes the path, so `/%61pi/v1/…` runs an API route too, and must not be cached
 * either).
 */
export function answersApi(request: FastifyRequest): boolean {
  return request.url.startsWith(API_PREFIX) || !!request.routeOptions.url?.startsWith(API_PREFIX);
}

/**
 * The security headers on a raw response, for an answer that bypasses Fastify's reply (a hijacked
 * one): the reply got them in onRequest.
 */
export function rawSecurityHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) reply.raw.setHeader(name, value);
}

/** Throws 403 on a cookie-authenticated write from another site or origin. */
function checkWriteOrigin(request: FastifyRequest, publicOrigin: string) {
  if (request.actor?.kind === 'api_key') return;
  // Decided by the route the request reached, not by the path as written: the router decodes the
  // path, so `/oidc/%69nteraction/…` runs an interaction route (found by an outside test).
  const route = request.routeOptions.url ?? '';
  // oidc-provider's endpoints are called cross-site by design (token requests of browser apps,
  // form posts); they carry no portal cookie authority and the provider checks its own CSRF.
  if (route === PROVIDER_ROUTE && !request.url.startsWith(INTERACTION_PREFIX)) return;
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new AppError('forbidden', 'Cross-site requests are not accepted.');
  }
  // A browser that sends no referrer sends `Origin: null` on a form POST, even to its own
  // origin. The identity provider's HTML forms (consent, refused) are answered with
  // `Referrer-Policy: same-origin`, so a current browser sends the real Origin; `null` is
  // accepted there only when the browser itself says the request is same-origin.
  const ownForm =
    origin === 'null' && site === 'same-origin' && route.startsWith(INTERACTION_PREFIX);
  if (origin && !ownForm) {
    const own = `${request.protocol}://${request.host}`;
    if (origin !== publicOrigin && origin !== own) {
      throw new AppError('forbidden', 'Cross-origin requests are not accepted.');
    }
  }
}

export default fp(async function security(app: FastifyInstance) {
  // helmet's headers, computed once (they depend on nothing in the request) and handed to the
  // reply, not set one by one on the raw response: Node then writes them with Fastify's own in one
  // pass instead of validating and storing every header twice, on every answer. A hijacked
  // answer (the identity provider's) copies them onto its raw response (rawSecurityHeaders).
  // (The router's own refusals run no hook: frameworkErrors in app.ts sets them there.)
  // The request id goes with them: every answer carries it (a callback-style hook, no promise).
  const pages = securityHeaders(app.ctx.config.publicBaseUrl);
  const api = securityHeaders(app.ctx.config.publicBaseUrl, true);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(answersApi(request) ? api : pages);
    reply.header('x-request-id', request.id);
    done();
  });

  const publicOrigin = new URL(app.ctx.config.publicBaseUrl).origin;

  // Cookie-authenticated writes must come from our own pages (DESIGN.md §6). Only a request that
  // the route actually authenticated by API key is exempt: an Authorization header alone proves
  // nothing (a route that authenticates by cookie would otherwise skip the check). preParsing
  // runs after the routes' onRequest authentication and before any body is read.
  const originCheck: preParsingHookHandler = (request, _reply, payload, done) => {
    if (SAFE_METHODS.has(request.method)) return done(null, payload);
    try {
      checkWriteOrigin(request, publicOrigin);
    } catch (err) {
      return done(err as Error);
    }
    done(null, payload);
  };
  // Attached, first of its preParsing hooks, to every route that accepts a method that writes
  // (an `all` route included), as it is declared: a route of safe methods only (most of the
  // traffic, the student list) runs no preParsing stage at all. A request no route takes is
  // answered 404 before anything of it is read.
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (methods.every((m) => SAFE_METHODS.has(m))) return;
    const own = route.preParsing;
    route.preParsing = own === undefined ? [originCheck] : [originCheck, ...[own].flat()];
  });
});
