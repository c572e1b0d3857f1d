import type { Actor, AppContext } from '../../context.js';
import type { CoAccountRow } from '../../db/types.js';
import { AppError } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import * as history from '../history/index.js';
import { getById } from '../institutions/index.js';
import { issueInvitation, LINK_VALID_HOURS } from './activation-request.js';
import * as repo from './repository.js';
import type { CoAccount } from './schemas.js';
import { registeredEmail, slotState, slotsOf } from './slots.js';

/**
 * A slot waits for an invitation when the school registered its e-mail and no link of it is
 * open: never invited, or invited longer ago than a link lives. Slots with an open link are
 * left alone, so a second click (or a second admin) does not mail every parent twice.
 */
export function awaitsInvitation(c: CoAccount, now: Date): boolean {
  if (c.state === 'registered') return true;
  if (c.state !== 'invited' || !c.invitedAt) return false;
  return Date.parse(c.invitedAt) + LINK_VALID_HOURS * 3_600_000 <= now.getTime();
}

type Candidate = { studentId: string; slot: number };

/** Slots of students with a usable account (parents log in with the child's username). */
async function candidates(ctx: AppContext, iid: string, group?: string): Promise<Candidate[]> {
  const now = ctx.now();
  const institution = await getById(ctx.db, iid);
  const [students, rows] = await Promise.all([
    repo.listStudentsForOverview(ctx.db, iid, brusselsDate(now), group),
    repo.listRowsOfInstitution(ctx.db, iid),
  ]);
  const byStudent = new Map<string, CoAccountRow[]>();
  for (const r of rows) byStudent.set(r.student_id, [...(byStudent.get(r.student_id) ?? []), r]);
  const out: Candidate[] = [];
  for (const s of students) {
    if (!s.username || s.status !== 'active') continue;
    for (const c of slotsOf(
      institution.co_account_slots,
      byStudent.get(s.id) ?? [],
      s.parent_emails,
    ))
      if (awaitsInvitation(c, now)) out.push({ studentId: s.id, slot: c.slot });
  }
  return out;
}

/**
 * Mails the activation link to every slot of the school (or of one group) that waits for an
 * invitation. A mass mailing: the caller states how many mails it expects (the count the screen
 * showed); a different count is a 409 that sends nothing, so the admin sees the new number first.
 * All in one transaction: every mail is queued, or none.
 */
export async function inviteAll(
  ctx: AppContext,
  iid: string,
  body: { group?: string; expectedCount: number },
  actor: Actor,
): Promise<{ sent: number }> {
  const found = await candidates(ctx, iid, body.group);
  if (found.length !== body.expectedCount)
    throw new AppError(
      'conflict',
      `${found.length} co-account(s) wait for an invitation, not ${body.expectedCount}: nothing was sent. Check the number and send again.`,
      [
        {
          path: 'body.expectedCount',
          message: `${found.length} co-account(s) wait for an invitation`,
          code: 'count_changed',
          params: { count: found.length },
        },
      ],
    );
  if (found.length === 0) return { sent: 0 };
  const now = ctx.now();
  const today = brusselsDate(now);
  let sent = 0;
  await ctx.db.transaction().execute(async (trx) => {
    const events: Parameters<typeof history.record>[3] = [];
    for (const { studentId, slot } of found) {
      const locked = await repo.lockStudent(trx, studentId);
      const subject = locked && (await repo.findSubjectById(trx, iid, studentId, today));
      if (!locked || !subject?.username || subject.status !== 'active') continue;
      const email = registeredEmail(locked.parent_emails, slot);
      const state = slotState(await repo.findRow(trx, studentId, slot, true), email);
      if (!email || (state !== 'registered' && state !== 'invited')) continue;
      await issueInvitation(trx, ctx, subject, locked.parent_emails, slot, email, false);
      events.push({ studentId, kind: 'co_account_invited', detail: { slot } });
      sent++;
    }
    if (events.length) await history.record(trx, actor, iid, events, now);
  });
  return { sent };
}
