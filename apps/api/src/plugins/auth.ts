import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import type { AccessLevel, Actor, AppContext } from '../context.js';
import { AppError, notFound } from '../platform/errors/index.js';
import * as repo from '../features/auth/index.js';
import {
  COOKIE_NAMES,
  resolveAdminAccess,
  SESSION_LIMITS,
  type SessionKind,
} from '../features/auth/index.js';
import {
  DEVICE_COOKIE,
  DEVICE_COOKIE_PATH,
  DEVICE_VALID_DAYS,
} from '../platform/security/index.js';
import { tokenHash } from '../platform/security/index.js';
import { ApiKeyLimiter } from './rate-limit.js';
import type { Role } from '../db/types.js';
import { assertRecentFactor } from '../features/second-factor/index.js';

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

const ROLE_LEVELS: Record<Role | 'platform', AccessLevel[]> = {
  admin: ['read', 'support', 'write', 'manage'],
  helpdesk: ['read', 'support'],
  platform: ['read', 'support', 'write', 'manage'],
};
const KEY_LEVELS: Record<'read' | 'read-write', AccessLevel[]> = {
  read: ['read'],
  'read-write': ['read', 'support', 'write'],
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default fp(async function auth(app: FastifyInstance) {
  const ctx = app.ctx;
  const secure = ctx.config.publicBaseUrl.startsWith('https:');
  const limiter = new ApiKeyLimiter(ctx);

  app.decorateRequest('actor', null);
  app.decorateRequest('institutionId', '');
  app.decorateRequest('dataVersion', null);

  app.decorate('setSessionCookie', (reply: FastifyReply, kind: SessionKind, token: string) => {
    reply.setCookie(COOKIE_NAMES[kind], token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: SESSION_LIMITS[kind].absoluteMs / 1000,
    });
  });
  app.decorate('setDeviceCookie', (reply: FastifyReply, value: string) => {
    reply.setCookie(DEVICE_COOKIE, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: DEVICE_COOKIE_PATH,
      maxAge: DEVICE_VALID_DAYS * 86_400,
    });
  });
  app.decorate('clearSessionCookie', (reply: FastifyReply, kind: SessionKind) => {
    reply.clearCookie(COOKIE_NAMES[kind], { path: '/', httpOnly: true, sameSite: 'lax', secure });
  });

  async function adminFromCookie(request: FastifyRequest): Promise<Actor | null> {
    return (await adminAccessFromCookie(request, ''))?.actor ?? null;
  }

  async function apiKeyFromHeader(request: FastifyRequest): Promise<
    | {
        actor: Actor;
        institutionId: string;
        scope: 'read' | 'read-write';
        dataVersion: string;
        id: string;
        rateLimitPerMinute: number | null;
      }
    | null
    | 'invalid'
  > {
    const header = request.headers.authorization;
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return 'invalid';
    const key = await repo.findApiKeyByHash(ctx.db, tokenHash(match[1]));
    if (!key) return 'invalid';
    if (!key.last_used_at || ctx.now().getTime() - key.last_used_at.getTime() > 60_000) {
      void repo.touchApiKey(ctx.db, key.id, ctx.now()).catch(() => undefined);
    }
    return {
      actor: {
        kind: 'api_key',
        id: key.id,
        name: key.name,
        institutionId: key.institution_id,
        scope: key.scope,
      },
      institutionId: key.institution_id,
      scope: key.scope,
      dataVersion: key.data_version ?? '0',
      id: key.id,
      rateLimitPerMinute: key.rate_limit_per_minute,
    };
  }

  app.decorate('requireAdmin', async function requireAdmin(request: FastifyRequest) {
    const actor = await adminFromCookie(request);
    if (!actor) throw new AppError('unauthenticated', 'Log in to continue.');
    request.actor = actor;
  });

  app.decorate('requireRecentFactor', async function requireRecentFactor(request: FastifyRequest) {
    if (request.actor) await assertRecentFactor(ctx, request.actor);
  });

  /** A dashboard admin with the role, school and data version for `iid`, from one statement. */
  async function adminAccessFromCookie(request: FastifyRequest, iid: string) {
    const token = request.cookies[COOKIE_NAMES.admin];
    if (!token) return null;
    const row = await resolveAdminAccess(ctx, token, UUID_RE.test(iid) ? iid : null);
    if (!row?.admin_user_id) return null;
    const actor: Actor = {
      kind: 'admin',
      id: row.admin_user_id,
      name: row.user_name,
      email: row.user_email,
      isPlatformAdmin: row.is_platform_admin,
      sessionId: row.id,
      secondFactorAt: row.second_factor_at,
    };
    const levels = row.is_platform_admin
      ? row.school_found
        ? ROLE_LEVELS.platform
        : null
      : row.role
        ? ROLE_LEVELS[row.role]
        : null;
    return { actor, levels, dataVersion: row.data_version ?? '0' };
  }

  app.decorate(
    'institutionAccess',
    (level: AccessLevel) =>
      async function institutionAccess(request: FastifyRequest, reply: FastifyReply) {
        const iid = (request.params as { iid?: string }).iid ?? '';
        const fromKey = await apiKeyFromHeader(request);
        if (fromKey === 'invalid')
          throw new AppError('unauthenticated', 'The API key is not valid or was revoked.');
        if (fromKey) await limiter.limit(reply, fromKey);
        const access = fromKey
          ? {
              actor: fromKey.actor,
              // One key opens one school.
              levels: fromKey.institutionId === iid ? KEY_LEVELS[fromKey.scope] : null,
              dataVersion: fromKey.dataVersion,
            }
          : await adminAccessFromCookie(request, iid);
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
