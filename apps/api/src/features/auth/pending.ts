import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import { newToken, tokenHash } from '../../platform/security/index.js';
import * as repo from './repository.js';

/**
 * Between a correct password and the second factor. Deliberately no session: it lives in its own
 * table and cookie (path /api/v1/auth/login), so no other route can be reached with it.
 */
export const PENDING_COOKIE = 'sl_pending';
export const PENDING_COOKIE_PATH = '/api/v1/auth/login';
export const PENDING_TTL_MS = 5 * 60_000;

/** The pending cookie's attributes (setting adds its lifetime; clearing uses them as they are). */
export const pendingCookieOptions = (secure: boolean) =>
  ({ httpOnly: true, sameSite: 'strict', secure, path: PENDING_COOKIE_PATH }) as const;
/** Wrong codes one pending login takes before it dies (the lockout counts them too). */
export const PENDING_MAX_ATTEMPTS = 5;

export async function startPending(
  ctx: AppContext,
  adminUserId: string,
  setup: boolean,
): Promise<string> {
  const token = newToken();
  const now = ctx.now();
  await repo.insertPending(ctx.db, {
    id: tokenHash(token),
    admin_user_id: adminUserId,
    setup,
    now,
    expires_at: new Date(now.getTime() + PENDING_TTL_MS),
  });
  return token;
}

const expired = () =>
  new AppError('unauthenticated', 'Log in with your password first; this step has expired.');

export async function openPending(ctx: AppContext, token: string | undefined) {
  if (!token) throw expired();
  const row = await repo.findPending(ctx.db, tokenHash(token), ctx.now());
  if (!row) throw expired();
  return row;
}

/**
 * Takes one of the pending login's attempts before a code is checked, so that requests sent at
 * once check no more codes between them than one pending login allows; none left (or gone):
 * the step has expired. Answers whether this was the last attempt.
 */
export async function takeAttempt(ctx: AppContext, id: string): Promise<{ last: boolean }> {
  const attempts = await repo.takePendingAttempt(ctx.db, id, PENDING_MAX_ATTEMPTS, ctx.now());
  if (attempts === undefined) throw expired();
  return { last: attempts >= PENDING_MAX_ATTEMPTS };
}

/** Spends the pending login; a second request racing with the same one gets the 401. */
export async function consumePending(ctx: AppContext, id: string): Promise<void> {
  if (!(await repo.deletePending(ctx.db, id))) throw expired();
}

export async function dropPending(ctx: AppContext, token: string): Promise<void> {
  await repo.deletePending(ctx.db, tokenHash(token));
}
