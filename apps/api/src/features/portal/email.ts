import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import * as history from '../history/index.js';
import * as repo from './repository.js';
import type { PortalMe } from './schemas.js';
import type { PortalPrincipal } from './principal.js';
import { studentActor } from './login.js';
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
    await history.record(
      trx,
      studentActor(s.student_id, s.username!),
      s.institution_id,
      [
        {
          studentId: s.student_id,
          kind: 'email_added',
          detail: { replaced: s.account_email !== null },
        },
      ],
      now,
    );
  });
  return me({ ...p, subject: { ...s, account_email: address } });
}
