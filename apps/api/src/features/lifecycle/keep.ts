import type { Actor, AppContext } from '../../context.js';
import { assertId, notFound } from '../../platform/errors/index.js';
import { record } from '../history/index.js';
import { lockStudentRow, setKeepUntil, today } from '../students/index.js';
import { lastKeptDay } from './erase.js';
import * as repo from './repository.js';
import { checkedDate } from './service.js';

/**
 * "Bewaren tot…": keeps a student's data at least until a day (a student who may return), or
 * hands the decision back to the grace period (null). Recorded in the history.
 */
export async function keepUntil(
  ctx: AppContext,
  iid: string,
  sid: string,
  actor: Actor,
  keep: string | null,
) {
  assertId(sid, 'Student');
  const day = today(ctx);
  const wanted = keep === null ? null : checkedDate(keep, day, '/keepUntil');
  return ctx.db.transaction().execute(async (trx) => {
    const student = await lockStudentRow(trx, iid, sid);
    const grace = await repo.gracePeriodDays(trx, iid);
    if (!student || grace === undefined) throw notFound('Student');
    if (student.keep_until !== wanted) {
      const now = ctx.now();
      await setKeepUntil(trx, sid, wanted, now);
      await record(
        trx,
        actor,
        iid,
        [
          {
            studentId: sid,
            kind: 'keep_until_changed',
            detail: { from: student.keep_until, to: wanted },
          },
        ],
        now,
      );
    }
    return {
      studentId: sid,
      keepUntil: wanted,
      eraseOn: lastKeptDay({ ...student, keep_until: wanted }, grace),
    };
  });
}
