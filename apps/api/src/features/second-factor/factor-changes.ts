import type { AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import { enqueueMail, type RenderedMail } from '../../platform/mail/index.js';
import * as repo from './repository.js';

/**
 * An admin added or removed one of their own factors: a row in their security history and a
 * mail to them, in the caller's transaction, so a stranger with their session is noticed.
 */
export async function recordOwnFactorChange(
  ctx: AppContext,
  trx: Trx,
  admin: { id: string; name: string; email: string },
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
}
