import type { AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import { enqueueMail, type RenderedMail } from '../../platform/mail/index.js';
import { deleteOtherAdminSessions } from '../auth/index.js';
import * as repo from './repository.js';

/** An admin changing their own factors, and the session they do it in (none during a login). */
export interface FactorOwner {
  id: string;
  name: string;
  email: string;
  sessionId?: string | undefined;
}

/**
 * The admin's other dashboard sessions end, in the caller's transaction: whoever held one (a
 * leaked cookie, a PC left logged in) logs in again under the factors as they are now, and one
 * who added a factor of their own cannot stay on to outlast the real admin's answer to the
 * mail. The session that made the change stays. Used for every change of the own factors.
 */
export const endOtherSessions = (trx: Trx, admin: FactorOwner) =>
  deleteOtherAdminSessions(trx, admin.id, admin.sessionId);

/**
 * An admin added or removed one of their own factors: a row in their security history and a
 * mail to them, in the caller's transaction, so a stranger with their session is noticed; and
 * their other sessions end (endOtherSessions).
 */
export async function recordOwnFactorChange(
  ctx: AppContext,
  trx: Trx,
  admin: FactorOwner,
  change: {
    factor: 'passkey' | 'totp';
    change: 'added' | 'removed';
    detail: Record<string, unknown>;
    mail: RenderedMail;
  },
): Promise<void> {
  await repo.insertSecurityEvent(trx, {
    admin_user_id: admin.id,
    kind: `${change.factor}_${change.change}`,
    actor_id: admin.id,
    actor_name: admin.name,
    institution_id: null,
    detail: change.detail,
    created_at: ctx.now(),
  });
  await enqueueMail(trx, ctx, {
    template: `admin_${change.factor}_${change.change}`,
    to: admin.email,
    ...change.mail,
  });
  await endOtherSessions(trx, admin);
}
