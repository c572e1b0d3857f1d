import type { Actor } from '../../context.js';
import type { Database } from '../../db/database.js';
import * as history from '../history/index.js';
import * as repo from './repository.js';

/**
 * How long an enrolment must have been over for its student's account to be held when it starts
 * again: a summer and a month (found by an outside review: every continuing student whose
 * enrolment ended with the school year, and whose new one arrived a day or a few weeks later,
 * was blocked on the first school day). A child who left a year ago is still held; one whose end
 * date passed while the school's data were late is not.
 */
export const RETURNING_GAP_DAYS = 92;

/** Whether an enrolment that ended on `previousEnd` and starts again `today` holds its account. */
export function holdsReturningAccount(previousEnd: string | null, today: string): boolean {
  if (previousEnd === null) return false;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const cutoff = new Date(Date.UTC(y, m - 1, d) - RETURNING_GAP_DAYS * 86_400_000);
  return previousEnd < cutoff.toISOString().slice(0, 10);
}

/**
 * Holds the accounts of students enrolled again within the grace period (blocked with
 * RETURNING_REASON until the school opens them) and records each hold in the student's history
 * as `blocked`, with its reason, as the release (an unblock or a new password) is recorded: found
 * by an outside test, the hold happened without a history entry. Answers the students held.
 */
export async function holdReturningAccounts(
  db: Database,
  actor: Actor,
  iid: string,
  sids: string[],
  now: Date,
): Promise<string[]> {
  const held = await repo.holdReturningAccounts(db, sids, now);
  if (held.length)
    await history.record(
      db,
      actor,
      iid,
      held.map((studentId) => ({
        studentId,
        kind: 'blocked' as const,
        detail: { reason: repo.RETURNING_REASON },
      })),
      now,
    );
  return held;
}
