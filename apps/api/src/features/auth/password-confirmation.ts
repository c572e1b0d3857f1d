import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import { guarded, refused } from '../../platform/throttles/index.js';
import * as repo from './repository.js';
import { adminGate, type Client } from './service.js';

/**
 * POST /me/security/confirm-password ("sudo mode"): the session's admin types their current
 * password again, so that what only the session cookie proved (an unlocked office PC, a leaked
 * cookie) is not enough to add a first second factor. Checked through the login's own gate: a
 * wrong password counts as a failed login of this admin (device cookie, e-mail address, client
 * address) and a running lock answers 429. A right one marks the session; like a step-up it
 * neither clears the failures nor trusts the browser anew (that is the login's to do).
 */
export async function confirmPassword(
  ctx: AppContext,
  actor: { id: string; email: string; sessionId?: string | undefined },
  password: string,
  client: Client,
): Promise<void> {
  const sessionId = actor.sessionId;
  if (!sessionId) throw new AppError('unauthenticated');
  await guarded(ctx, adminGate(actor.email, client.ip), client.deviceCookie, async (gate) => {
    const user = await repo.findAdminById(ctx.db, actor.id);
    // Without a password (none set yet) the check costs the same and fails.
    const ok = user?.password_hash
      ? await ctx.hasher.verify(user.password_hash, password)
      : await ctx.hasher.verifyDummy(password);
    if (user?.password_hash && ok) return;
    await refused(ctx, gate);
    throw new AppError('invalid_credentials', 'The password is not correct.');
  });
  await repo.markPasswordConfirmed(ctx.db, sessionId, ctx.now());
}
