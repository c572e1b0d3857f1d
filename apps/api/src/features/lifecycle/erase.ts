import { randomBytes } from 'node:crypto';
import type { Actor, AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import type { StudentRow } from '../../db/types.js';
import { AppError, assertId, notFound, ROW_CODES } from '../../platform/errors/index.js';
import type { JobCounts } from '../../platform/jobs/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import { retireUsernames } from '../accounts/index.js';
import { deleteSlotSessions, deleteStudentSessions } from '../auth/index.js';
import { listRows as coAccountRows } from '../co-accounts/index.js';
import { pseudonymise, record } from '../history/index.js';
import { forgetStudentRows } from '../imports/index.js';
import { forgetStudentAnswers } from '../../platform/idempotency/index.js';
import { endAppSignInsOfStudent } from '../oidc/index.js';
import { deleteStudent, lockStudentRow } from '../students/index.js';
import * as repo from './repository.js';
import { addDays } from './service.js';

// Erasure of a student: one transaction that removes the person and keeps what must remain.
// Gone: the student row with its names, birth date, gender, parent e-mails; the account with its
// credentials (hash, sealed secret, picture password) and e-mail; the co-accounts; open links;
// portal sessions of the child and the parents; app sign-ins with their refresh tokens; rows of
// import previews; stored Idempotency-Key answers that name the student. Kept: the history as
// pseudonymous events (no names, addresses or typed reasons) and the username in the registry,
// tied to no one and never issued again.

export type ErasureReason = 'grace_period' | 'admin';

const GRACE_ACTOR: Actor = { kind: 'system', id: null, name: 'Bewaartermijn' };

/**
 * The last day a student's data are kept: the enrolment end plus the grace period, or a later
 * "keep until". The grace period counts from the day the end was written when that is later: an
 * end date typed or imported far in the past still leaves the school its grace period.
 */
export function lastKeptDay(
  row: Pick<StudentRow, 'enrolled_until' | 'keep_until' | 'end_recorded_on'>,
  grace: number,
) {
  if (!row.enrolled_until) return null;
  const recorded = row.end_recorded_on;
  const from = recorded && recorded > row.enrolled_until ? recorded : row.enrolled_until;
  const end = addDays(from, grace);
  return row.keep_until && row.keep_until > end ? row.keep_until : end;
}

async function eraseLocked(
  trx: Trx,
  student: StudentRow,
  actor: Actor,
  reason: ErasureReason,
  now: Date,
): Promise<string> {
  const sid = student.id;
  const iid = student.institution_id;
  const pseudonym = `gewist-${randomBytes(9).toString('base64url')}`;
  await deleteStudentSessions(trx, sid);
  for (const c of await coAccountRows(trx, [sid])) await deleteSlotSessions(trx, sid, c.slot);
  await endAppSignInsOfStudent(trx, sid);
  await record(trx, actor, iid, [{ studentId: sid, kind: 'erased', detail: { reason } }], now);
  await pseudonymise(trx, sid, pseudonym);
  await retireUsernames(trx, sid, now);
  await forgetStudentRows(trx, iid, sid, student.stamnummer);
  // Stored Idempotency-Key answers carry the name, group and passwords: a replay must not.
  await forgetStudentAnswers(trx, iid, sid);
  await deleteStudent(trx, iid, sid, now);
  return pseudonym;
}

const fold = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl');

/** The typed confirmation names this student: its stamnummer, or its first and last name. */
export function confirms(student: StudentRow, typed: string): boolean {
  if (typed.includes('\u0000')) return false;
  const t = fold(typed);
  if (!t) return false;
  return [
    student.stamnummer,
    `${student.first_name} ${student.last_name}`,
    `${student.last_name} ${student.first_name}`,
  ].some((candidate) => fold(candidate) === t);
}

/** "Nu wissen": an admin erases one student now, after typing its stamnummer or name. */
export async function eraseNow(
  ctx: AppContext,
  iid: string,
  sid: string,
  actor: Actor,
  confirmation: string,
) {
  assertId(sid, 'Student');
  const now = ctx.now();
  const pseudonym = await ctx.db.transaction().execute(async (trx) => {
    const student = await lockStudentRow(trx, iid, sid);
    if (!student) throw notFound('Student');
    if (!confirms(student, confirmation)) {
      const message = ROW_CODES.erasure_not_confirmed.message;
      throw new AppError('validation_failed', message, [
        { path: 'body.confirmation', message: message.en, code: 'erasure_not_confirmed' },
      ]);
    }
    return eraseLocked(trx, student, actor, 'admin', now);
  });
  return { studentId: sid, pseudonym, erasedAt: now.toISOString() };
}

/**
 * The daily job: erases every student whose last kept day is before today (Brussels), each in a
 * transaction of its own that checks again under the lock (a "keep until" set meanwhile wins).
 * A dry run prints who would be erased and changes nothing.
 */
export async function eraseAfterGrace(
  ctx: AppContext,
  opts: { now: Date; dryRun: boolean; print?: (line: string) => void },
): Promise<JobCounts> {
  const today = brusselsDate(opts.now);
  const yesterday = addDays(today, -1);
  let erased = 0;
  for (const school of await repo.schoolsWithGracePeriod(ctx.db)) {
    const grace = school.grace_period_days;
    for (const due of await repo.dueForErasure(ctx.db, school.id, grace, yesterday)) {
      if (opts.dryRun) {
        opts.print?.(
          `${school.id} ${due.stamnummer} ${due.firstName} ${due.lastName} (${due.group}): kept until ${due.eraseOn}`,
        );
        erased++;
        continue;
      }
      const done = await ctx.db.transaction().execute(async (trx) => {
        const student = await lockStudentRow(trx, school.id, due.studentId);
        const last = student && lastKeptDay(student, grace);
        if (!student || !last || last >= today) return false;
        await eraseLocked(trx, student, GRACE_ACTOR, 'grace_period', opts.now);
        return true;
      });
      if (done) erased++;
    }
  }
  return { erased };
}
