import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { USERNAME_POLICY } from './repository.js';

// An attempt is counted as a failure *before* its password is checked, in the same statement
// that checks the lock, so parallel attempts cannot all pass the check before the first failure
// is written: whatever the concurrency (and across API instances, the rows are in PostgreSQL),
// at most the allowed number of guesses per name and per address is in flight or made. The
// attempt that turns out not to be a failure gives its reservation back (`release*`); one that
// never comes back (an instance killed mid-check) stays a failure. Each statement touches one row,
// so two attempts (or an attempt and the purge job) never wait on each other's rows in turns.

/**
 * Reserves an attempt on a name or device counter: null when a lock runs. After `threshold`
 * attempts every further one locks the key for a doubling time (1, 2, 4 … at most 15 minutes),
 * and a quiet day starts afresh. Returns the lock this attempt starts if it fails (the
 * threshold-th attempt, or the first after a lock ended; null in `startsLock` below the threshold).
 */
export async function reserveName(
  db: Database,
  key: string,
  now: Date,
  p: typeof USERNAME_POLICY = USERNAME_POLICY,
): Promise<{ startsLock: Date | null } | null> {
  const staleBefore = new Date(now.getTime() - p.forgetAfterMs);
  const { rows } = await sql<{ locked_until: Date | string | null }>`
    insert into login_throttles as t (key, failures, lockouts, window_started_at, last_failure_at, locked_until)
    values (${key}, 1, 0, ${now}, ${now}, null)
    on conflict (key) do update set
      failures = case when t.last_failure_at < ${staleBefore} then 1 else t.failures + 1 end,
      lockouts = case
        when t.last_failure_at < ${staleBefore} then 0
        when t.failures + 1 >= ${p.threshold} then t.lockouts + 1
        else t.lockouts end,
      locked_until = case
        when t.last_failure_at < ${staleBefore} then null
        when t.failures + 1 >= ${p.threshold}
          then ${now}::timestamptz + least(${p.baseLockMs}::float8 * power(2, t.lockouts), ${p.maxLockMs}::float8) * interval '1 millisecond'
        else t.locked_until end,
      last_failure_at = ${now}
    where t.locked_until is null or t.locked_until <= ${now}
    returning locked_until`.execute(db);
  if (!rows.length) return null;
  const until = rows[0]!.locked_until;
  // Admitted only without a running lock, so a lock that runs now is the one this attempt set.
  return {
    startsLock: until && new Date(until).getTime() > now.getTime() ? new Date(until) : null,
  };
}

/** Gives back a name reservation that was no failure, and the lock it would have started. */
export async function releaseName(
  db: Database,
  key: string,
  startsLock: Date | null,
): Promise<void> {
  const mine = startsLock ?? new Date(0);
  await sql`
    update login_throttles set
      failures = greatest(failures - 1, 0),
      lockouts = case when locked_until = ${mine} then greatest(lockouts - 1, 0) else lockouts end,
      locked_until = case when locked_until = ${mine} then null else locked_until end
    where key = ${key}`.execute(db);
}

/** Whether the lock an attempt started still stands (a success in between clears the counter). */
export async function lockStands(db: Database, key: string, until: Date): Promise<boolean> {
  const { rows } = await sql`
    select 1 from login_throttles where key = ${key} and locked_until = ${until}`.execute(db);
  return rows.length > 0;
}

/**
 * Reserves an attempt in a fixed window (counted up front): the window's start, or null
 * when the window already holds `maxFailures` (the attempt that reaches it locks the key until
 * the window ends, so the lock is there for Retry-After).
 */
export async function reserveWindow(
  db: Database,
  key: string,
  policy: { windowMs: number; maxFailures: number },
  now: Date,
): Promise<Date | null> {
  const windowStartBefore = new Date(now.getTime() - policy.windowMs);
  const firstLock = policy.maxFailures <= 1 ? new Date(now.getTime() + policy.windowMs) : null;
  const { rows } = await sql<{ window_started_at: Date | string }>`
    insert into login_throttles as t (key, failures, lockouts, window_started_at, last_failure_at, locked_until)
    values (${key}, 1, 0, ${now}, ${now}, ${firstLock})
    on conflict (key) do update set
      failures = case when t.window_started_at <= ${windowStartBefore} then 1 else t.failures + 1 end,
      locked_until = case
        when t.window_started_at <= ${windowStartBefore} then ${firstLock}::timestamptz
        when t.failures + 1 >= ${policy.maxFailures}
          then t.window_started_at + ${policy.windowMs}::float8 * interval '1 millisecond'
        else t.locked_until end,
      window_started_at = case when t.window_started_at <= ${windowStartBefore} then ${now} else t.window_started_at end,
      last_failure_at = ${now}
    where t.window_started_at <= ${windowStartBefore}
       or (t.failures < ${policy.maxFailures} and (t.locked_until is null or t.locked_until <= ${now}))
    returning window_started_at`.execute(db);
  return rows.length ? new Date(rows[0]!.window_started_at) : null;
}

/** Gives back a window reservation that was no failure (only in the window it was made in). */
export async function releaseWindow(
  db: Database,
  key: string,
  policy: { maxFailures: number },
  windowStartedAt: Date,
): Promise<void> {
  await sql`
    update login_throttles set
      failures = greatest(failures - 1, 0),
      locked_until = case when failures - 1 < ${policy.maxFailures} then null else locked_until end
    where key = ${key} and window_started_at = ${windowStartedAt}`.execute(db);
}
