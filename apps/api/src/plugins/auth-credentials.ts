// Who is asking, from the request's credential: an API key in the Authorization header or a
// dashboard admin's session cookie. The auth plugin (auth.ts) turns the answer into its decorators.
import type { FastifyRequest } from 'fastify';
import type { AccessLevel, Actor, AppContext } from '../context.js';
import * as repo from '../features/auth/index.js';
import { COOKIE_NAMES, resolveAdminAccess } from '../features/auth/index.js';
import { tokenHash } from '../platform/security/index.js';
import type { Role } from '../db/types.js';

const ROLE_LEVELS: Record<Role | 'platform', AccessLevel[]> = {
  admin: ['read', 'support', 'write', 'manage'],
  helpdesk: ['read', 'support'],
  platform: ['read', 'support', 'write', 'manage'],
};
export const KEY_LEVELS: Record<'read' | 'read-write', AccessLevel[]> = {
  read: ['read'],
  'read-write': ['read', 'support', 'write'],
};

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An API key that was found: its actor, its one school and what the rate limiter needs. */
export interface KeyCredential {
  actor: Actor;
  institutionId: string;
  scope: 'read' | 'read-write';
  dataVersion: string;
  id: string;
  rateLimitPerMinute: number | null;
}

/** The Bearer key of the request: null without an Authorization header, 'invalid' if unknown. */
export async function apiKeyFromHeader(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<KeyCredential | null | 'invalid'> {
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

/** A dashboard admin with the role, school and data version for `iid`, from one statement. */
export async function adminAccessFromCookie(ctx: AppContext, request: FastifyRequest, iid: string) {
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
    passwordConfirmedAt: row.password_confirmed_at,
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

/** The dashboard admin of the session cookie, without any school. */
export async function adminFromCookie(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<Actor | null> {
  return (await adminAccessFromCookie(ctx, request, ''))?.actor ?? null;
}
