import type { AppContext } from '../../context.js';
import { newToken, tokenHash } from '../../platform/security/index.js';
import * as repo from './repository.js';

export type SessionKind = 'admin' | 'portal';

/** Idle and absolute lifetimes (DESIGN.md §6). */
export const SESSION_LIMITS: Record<SessionKind, { idleMs: number; absoluteMs: number }> = {
  admin: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
  portal: { idleMs: 60 * 60_000, absoluteMs: 24 * 3_600_000 },
};

/** Purge job: sessions that ended (absolute end or idle limit) more than `keepMs` ago. */
export async function purgeEndedSessions(
  ctx: Pick<AppContext, 'db'>,
  now: Date,
  keepMs: number,
  dryRun: boolean,
): Promise<{ adminSessions: number; portalSessions: number; pendingLogins: number }> {
  const counts = { adminSessions: 0, portalSessions: 0, pendingLogins: 0 };
  for (const kind of ['admin', 'portal'] as const) {
    const cutoff = {
      expiredBefore: new Date(now.getTime() - keepMs),
      lastSeenBefore: new Date(now.getTime() - keepMs - SESSION_LIMITS[kind].idleMs),
    };
    counts[`${kind}Sessions`] = await repo.purgeSessions(ctx.db, kind, cutoff, dryRun);
  }
  // Logins between the password and the second factor (5 minutes each), kept as long as sessions.
  const expiredBefore = new Date(now.getTime() - keepMs);
  counts.pendingLogins = await repo.purgePending(ctx.db, expiredBefore, dryRun);
  return counts;
}

export const COOKIE_NAMES: Record<SessionKind, string> = { admin: 'sl_admin', portal: 'sl_portal' };

// Writing last_seen_at on every request is wasted I/O; a minute of slack on a 30-minute idle
// timeout is harmless.
const TOUCH_AFTER_MS = 60_000;

export async function createSession(
  ctx: AppContext,
  kind: SessionKind,
  owner: { adminUserId?: string; studentId?: string; coAccountSlot?: number | null },
  extra: { secondFactorAt?: Date | null; userAgent?: string | undefined } = {},
): Promise<{ token: string; expiresAt: Date; createdAt: Date }> {
  const token = newToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + SESSION_LIMITS[kind].absoluteMs);
  await repo.insertSession(ctx.db, {
    id: tokenHash(token),
    kind,
    admin_user_id: owner.adminUserId ?? null,
    student_id: owner.studentId ?? null,
    co_account_slot: owner.coAccountSlot ?? null,
    expires_at: expiresAt,
    second_factor_at: extra.secondFactorAt ?? null,
    // Shown to the admin in their list of sessions; bounded so a header cannot bloat the row.
    user_agent: extra.userAgent?.slice(0, 300) ?? null,
    now,
  });
  return { token, expiresAt, createdAt: now };
}

export async function resolveSession(ctx: AppContext, kind: SessionKind, token: string) {
  return alive(ctx, kind, await repo.findSession(ctx.db, tokenHash(token)));
}

/**
 * An admin's session read with what a school's route needs (the admin, the role in school `iid`,
 * whether it exists, its data version) in one statement; the same lifetimes as resolveSession.
 * `iid` must be a UUID or null.
 */
export async function resolveAdminAccess(ctx: AppContext, token: string, iid: string | null) {
  return alive(ctx, 'admin', await repo.findAdminAccess(ctx.db, tokenHash(token), iid));
}

/** The session while it lives (idle and absolute limits); an ended one is deleted. */
export async function alive<
  S extends { id: string; kind: SessionKind; last_seen_at: Date; expires_at: Date },
>(ctx: AppContext, kind: SessionKind, session: S | undefined): Promise<S | undefined> {
  if (!session || session.kind !== kind) return undefined;
  const now = ctx.now();
  const idleExpired = now.getTime() - session.last_seen_at.getTime() > SESSION_LIMITS[kind].idleMs;
  if (idleExpired || session.expires_at.getTime() <= now.getTime()) {
    await repo.deleteSession(ctx.db, session.id);
    return undefined;
  }
  if (now.getTime() - session.last_seen_at.getTime() > TOUCH_AFTER_MS)
    await repo.touchSession(ctx.db, session.id, now);
  return session;
}

export async function destroySession(ctx: AppContext, token: string): Promise<void> {
  await repo.deleteSession(ctx.db, tokenHash(token));
}
