import type { Actor } from '../../context.js';
import type { Database } from '../../db/database.js';
import * as history from '../history/index.js';
import * as repo from './repository.js';

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
