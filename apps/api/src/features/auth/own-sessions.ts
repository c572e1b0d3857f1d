import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import * as repo from './repository.js';
import { SESSION_LIMITS } from './sessions.js';

// The admin's own dashboard sessions ("Beveiliging"): where they are logged in, and ending one.
// A session is named by a reference derived from its id (itself the hash of the cookie), so
// the list never hands out what identifies the session in the database.

export const sessionRef = (id: string) =>
  createHash('sha256').update(`session-ref:${id}`).digest('base64url').slice(0, 22);

export interface OwnSession {
  id: string;
  current: boolean;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export async function listOwnSessions(
  ctx: AppContext,
  adminUserId: string,
  currentId: string | undefined,
): Promise<OwnSession[]> {
  const now = ctx.now();
  const idleMs = SESSION_LIMITS.admin.idleMs;
  return (await repo.listAdminSessions(ctx.db, adminUserId, now))
    .filter((s) => now.getTime() - s.last_seen_at.getTime() <= idleMs)
    .map((s) => ({
      id: sessionRef(s.id),
      current: s.id === currentId,
      userAgent: s.user_agent,
      createdAt: s.created_at.toISOString(),
      lastSeenAt: s.last_seen_at.toISOString(),
    }));
}

/** Ends one of the admin's sessions (this one too, which is a logout). */
export async function endOwnSession(
  ctx: AppContext,
  adminUserId: string,
  ref: string,
): Promise<void> {
  const sessions = await repo.listAdminSessions(ctx.db, adminUserId, ctx.now());
  const target = sessions.find((s) => sessionRef(s.id) === ref);
  if (!target || !(await repo.deleteAdminSession(ctx.db, adminUserId, target.id)))
    throw new AppError('not_found', 'There is no such session.');
}
