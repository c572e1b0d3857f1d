import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import type { AccessLevel, Actor, AppContext } from '../context.js';
import { AppError, notFound } from '../platform/errors/index.js';
import { COOKIE_NAMES, SESSION_LIMITS, type SessionKind } from '../features/auth/index.js';
import {
  DEVICE_COOKIE,
  DEVICE_COOKIE_PATH,
  LEGACY_DEVICE_COOKIE_PATHS,
  deviceCookieCopies,
  DEVICE_VALID_DAYS,
} from '../platform/security/index.js';
import { ApiKeyLimiter } from './rate-limit.js';
import { assertRecentFactor } from '../features/second-factor/index.js';
import {
  adminAccessFromCookie,
  adminFromCookie,
  apiKeyFromHeader,
  KEY_LEVELS,
  UUID_RE,
} from './auth-credentials.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** Set by institutionAccess: the school the route works on, checked against the actor. */
    institutionId: string;
    /**
     * The school's data version, when it was read with the credential (an API key): set by
     * institutionAccess once the key is known to open this school, null otherwise.
     */
    dataVersion: string | null;
  }
  interface FastifyInstance {
    ctx: AppContext;
    requireAdmin: onRequestAsyncHookHandler;
    /** Sensitive actions: an admin with a second factor must have done it within 15 minutes. */
    requireRecentFactor: (request: FastifyRequest) => Promise<void>;
    institutionAccess: (level: AccessLevel) => onRequestAsyncHookHandler;
    setSessionCookie: (reply: FastifyReply, kind: SessionKind, token: string) => void;
    clearSessionCookie: (reply: FastifyReply, kind: SessionKind) => void;
    /** The lockout's device cookie (see security/device-cookies.ts), after a successful login. */
    setDeviceCookie: (reply: FastifyReply, value: string) => void;
  }
}

/** The session and device cookies: HTTP-only, same-site lax, secure behind https. */
function decorateCookies(app: FastifyInstance, secure: boolean) {
  app.decorate('setSessionCookie', (reply: FastifyReply, kind: SessionKind, token: string) => {
    reply.setCookie(COOKIE_NAMES[kind], token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: SESSION_LIMITS[kind].absoluteMs / 1000,
    });
  });
  // One cookie at one path. A copy at an earlier version's path is expired only on a request that
  // brought it along with the current one (both were read: requestClient), so none of its entries
  // is lost; a lone copy may be either, and goes at the next login that sees both.
  app.decorate('setDeviceCookie', (reply: FastifyReply, value: string) => {
    const options = { httpOnly: true, sameSite: 'lax' as const, secure };
    reply.setCookie(DEVICE_COOKIE, value, {
      ...options,
      path: DEVICE_COOKIE_PATH,
      maxAge: DEVICE_VALID_DAYS * 86_400,
    });
    if (deviceCookieCopies(reply.request.headers.cookie).length < 2) return;
    for (const path of LEGACY_DEVICE_COOKIE_PATHS)
      if (reply.request.url.startsWith(path))
        reply.clearCookie(DEVICE_COOKIE, { ...options, path });
  });
  app.decorate('clearSessionCookie', (reply: FastifyReply, kind: SessionKind) => {
    reply.clearCookie(COOKIE_NAMES[kind], { path: '/', httpOnly: true, sameSite: 'lax', secure });
  });
}

export default fp(async function auth(app: FastifyInstance) {
  const ctx = app.ctx;
  const secure = ctx.config.publicBaseUrl.startsWith('https:');
  const limiter = new ApiKeyLimiter(ctx);

  app.decorateRequest('actor', null);
  app.decorateRequest('institutionId', '');
  app.decorateRequest('dataVersion', null);

  decorateCookies(app, secure);

  app.decorate('requireAdmin', async function requireAdmin(request: FastifyRequest) {
    const actor = await adminFromCookie(ctx, request);
    if (!actor) throw new AppError('unauthenticated', 'Log in to continue.');
    request.actor = actor;
  });

  app.decorate('requireRecentFactor', async function requireRecentFactor(request: FastifyRequest) {
    if (request.actor) await assertRecentFactor(ctx, request.actor);
  });

  app.decorate(
    'institutionAccess',
    (level: AccessLevel) =>
      async function institutionAccess(request: FastifyRequest, reply: FastifyReply) {
        // PostgreSQL reads a uuid in capitals as the same school: from here on the id is in its
        // canonical form, so an API key opens its school however the id is written (as a
        // session does), and what the route stores or echoes is the id as the database writes it.
        const iid = ((request.params as { iid?: string }).iid ?? '').toLowerCase();
        const fromKey = await apiKeyFromHeader(ctx, request);
        if (fromKey === 'invalid')
          throw new AppError('unauthenticated', 'The API key is not valid or was revoked.');
        const leasing = fromKey ? limiter.limit(reply, fromKey) : undefined;
        if (leasing) await leasing;
        const access = fromKey
          ? {
              actor: fromKey.actor,
              // One key opens one school.
              levels: fromKey.institutionId === iid ? KEY_LEVELS[fromKey.scope] : null,
              dataVersion: fromKey.dataVersion,
            }
          : await adminAccessFromCookie(ctx, request, iid);
        if (!access)
          throw new AppError('unauthenticated', 'Log in or send an API key to continue.');
        request.actor = access.actor;
        // A malformed or foreign id answers exactly like a missing one: 404, never a hint.
        if (!UUID_RE.test(iid) || !access.levels) throw notFound('Institution');
        if (!access.levels.includes(level)) {
          throw new AppError('forbidden', 'Your role does not allow this action for this school.');
        }
        request.institutionId = iid;
        request.dataVersion = access.dataVersion;
      },
  );
});
