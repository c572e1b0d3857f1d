import type { AppContext } from '../../context.js';
import type { CoAccountRow } from '../../db/types.js';
import { AppError } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import { destroySession, resolveSession } from '../auth/index.js';
import * as coRepo from '../co-accounts/index.js';
import { registeredEmail } from '../co-accounts/index.js';
import { firstLocale } from '../../platform/mail/index.js';
import type { PortalMe } from './schemas.js';

export interface PortalPrincipal {
  sessionId: string;
  slot: number | null;
  subject: coRepo.SubjectRow;
  coAccount: CoAccountRow | undefined;
  mustChangePassword: boolean;
}

/**
 * The person behind a portal cookie, re-checked on every request: a blocked or inactive student,
 * or a revoked co-account, ends the session at once.
 */
export async function principal(
  ctx: AppContext,
  token: string | undefined,
  opts: { allowMustChange: boolean },
): Promise<PortalPrincipal> {
  const session = token ? await resolveSession(ctx, 'portal', token) : undefined;
  if (!session?.student_id) throw new AppError('unauthenticated', 'Log in to continue.');
  const subject = await coRepo.findSubjectByStudentId(
    ctx.db,
    session.student_id,
    brusselsDate(ctx.now()),
  );
  const slot = session.co_account_slot;
  const coAccount =
    slot !== null && subject ? await coRepo.findRow(ctx.db, subject.student_id, slot) : undefined;
  if (
    !subject?.username ||
    subject.status !== 'active' ||
    (slot !== null && coAccount?.state !== 'active') ||
    // The school lowered its number of co-accounts: a slot past it no longer logs in (login.ts).
    (slot !== null && slot > subject.co_account_slots)
  ) {
    await destroySession(ctx, token!);
    throw new AppError('unauthenticated', 'Log in to continue.');
  }
  const mustChangePassword = slot === null && !!subject.must_change;
  if (mustChangePassword && !opts.allowMustChange) {
    throw new AppError('must_change_password', 'Choose your own password first.');
  }
  return { sessionId: session.id, slot, subject, coAccount, mustChangePassword };
}

export function me(p: PortalPrincipal): PortalMe {
  const s = p.subject;
  const isStudent = p.slot === null;
  const advanced = s.account_type === 'advanced';
  return {
    role: isStudent ? 'student' : 'parent',
    slot: p.slot,
    username: s.username!,
    firstName: s.first_name,
    lastName: s.last_name,
    schoolName: s.school_name,
    accountType: s.account_type!,
    mustChangePassword: p.mustChangePassword,
    canChangePassword: isStudent ? advanced : true,
    canSetEmail: isStudent && advanced,
    email: isStudent
      ? s.account_email
      : // The parent's own address, not whichever the school's list now has on the slot.
        (p.coAccount?.email ?? registeredEmail(s.parent_emails, p.slot!) ?? null),
    locale: firstLocale(s.student_locale, s.school_locale),
  };
}

export async function logout(ctx: AppContext, token: string | undefined): Promise<void> {
  if (token) await destroySession(ctx, token);
}
