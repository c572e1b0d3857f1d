import type { AppContext } from '../../context.js';
import type { StudentRow } from '../../db/types.js';
import type { CoAccount } from './schemas.js';

/** Slots 1..n with the e-mails the school registered at enrolment. */
export async function coAccountsFor(
  _ctx: AppContext,
  student: StudentRow,
  slots: number,
): Promise<CoAccount[]> {
  return Array.from({ length: slots }, (_, i) => {
    const email = student.parent_emails[i] ?? null;
    return {
      slot: i + 1,
      email,
      state: email ? 'registered' : 'not_registered',
      invitedAt: null,
      activatedAt: null,
      lastLoginAt: null,
    };
  });
}
