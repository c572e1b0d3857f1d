import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import * as repo from './repository.js';
import type { PortalMe } from './schemas.js';
import type { PortalPrincipal } from './principal.js';
import { recordOwn } from './login.js';
import { me } from './principal.js';

/** PUT /portal/email: advanced students add or change their own address. */
export async function setEmail(
  ctx: AppContext,
  p: PortalPrincipal,
  email: string,
): Promise<PortalMe> {
  const s = p.subject;
  if (p.slot !== null || s.account_type !== 'advanced') {
    throw new AppError(
      'forbidden',
      'Only students with an advanced account can add an e-mail address here.',
    );
  }
  const address = email.trim();
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setStudentEmail(trx, s.student_id, address, now);
    const detail = { replaced: s.account_email !== null };
    await recordOwn(trx, s, null, { kind: 'email_added', detail }, now);
  });
  return me({ ...p, subject: { ...s, account_email: address } });
}
