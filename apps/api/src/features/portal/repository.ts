import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export function setStudentLastLogin(db: Database, sid: string, now: Date) {
  return db
    .updateTable('accounts')
    .set({ last_login_at: now })
    .where('student_id', '=', sid)
    .execute();
}

/** The student's own password replaces the temporary one; it can no longer be reprinted. */
export function setStudentPassword(db: Database, sid: string, hash: string, now: Date) {
  return db
    .updateTable('accounts')
    .set({
      password_hash: hash,
      password_kind: 'own',
      must_change: false,
      secret_enc: null,
      temporary_expires_at: null,
      updated_at: now,
    })
    .where('student_id', '=', sid)
    .where('type', '=', 'advanced')
    .execute();
}

export function setStudentEmail(db: Database, sid: string, email: string, now: Date) {
  return db
    .updateTable('accounts')
    .set({ email, updated_at: now })
    .where('student_id', '=', sid)
    .execute();
}

export function setParentPassword(
  db: Database,
  sid: string,
  slot: number,
  hash: string,
  now: Date,
) {
  return db
    .updateTable('co_accounts')
    .set({ password_hash: hash, password_changed_at: now, updated_at: now })
    .where('student_id', '=', sid)
    .where('slot', '=', slot)
    .where('state', '=', 'active')
    .execute();
}

/** After a password change, every other session of the same person ends. */
export function deleteOtherSessions(
  db: Database,
  sid: string,
  slot: number | null,
  keepId: string,
) {
  let q = db
    .deleteFrom('sessions')
    .where('kind', '=', 'portal')
    .where('student_id', '=', sid)
    .where('id', '<>', keepId);
  q =
    slot === null ? q.where('co_account_slot', 'is', null) : q.where('co_account_slot', '=', slot);
  return q.execute();
}

// Failed-login counters in PostgreSQL, so every API instance sees the same numbers.
// Per username (canonical, known or not, across all its credentials): after `threshold` failures
// every further failure locks the name for a doubling time, 1, 2, 4 … at most 15 minutes; a
// success or a quiet day resets it. Per client address: a generous fixed window, because a
// whole school usually shares one address.

export const USERNAME_POLICY = {
  threshold: 10,
  baseLockMs: 60_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 24 * 3_600_000,
};

export const IP_POLICY = { windowMs: 10 * 60_000, maxFailures: 500 };

/** Activation requests per address (each may send a mail). */
export const ACTIVATION_IP_POLICY = { windowMs: 10 * 60_000, maxFailures: 30 };

export const usernameKey = (username: string) => `user:${username}`;
export const ipKey = (ip: string) => `ip:${ip}`;
export const activationIpKey = (ip: string) => `activation-ip:${ip}`;

/** The latest lock among the keys that still runs at `now`, if any. */
export async function lockedUntil(db: Database, keys: string[], now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('login_throttles')
    .select((eb) => eb.fn.max('locked_until').as('until'))
    .where('key', 'in', keys)
    .where('locked_until', '>', now)
    .executeTakeFirst();
  return row?.until ? new Date(row.until as unknown as string | Date) : null;
}

/** Counts a failure for a username; returns the lock it caused (null while under the threshold). */
export async function usernameFailure(
  db: Database,
  username: string,
  now: Date,
): Promise<Date | null> {
  const p = USERNAME_POLICY;
  const staleBefore = new Date(now.getTime() - p.forgetAfterMs);
  const { rows } = await sql<{ locked_until: Date | null; failures: number }>`
    insert into login_throttles as t (key, failures, lockouts, window_started_at, last_failure_at, locked_until)
    values (${usernameKey(username)}, 1, 0, ${now}, ${now}, null)
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
    returning locked_until, failures`.execute(db);
  const until = rows[0]?.locked_until;
  return until && new Date(until).getTime() > now.getTime() ? new Date(until) : null;
}

/** Fixed-window counter; returns true when this hit reached the limit (the key is then locked). */
export async function windowHit(
  db: Database,
  key: string,
  policy: { windowMs: number; maxFailures: number },
  now: Date,
): Promise<boolean> {
  const windowStartBefore = new Date(now.getTime() - policy.windowMs);
  const { rows } = await sql<{ locked_until: Date | null }>`
    insert into login_throttles as t (key, failures, lockouts, window_started_at, last_failure_at, locked_until)
    values (${key}, 1, 0, ${now}, ${now}, null)
    on conflict (key) do update set
      failures = case when t.window_started_at <= ${windowStartBefore} then 1 else t.failures + 1 end,
      locked_until = case
        when t.window_started_at <= ${windowStartBefore} then null
        when t.failures + 1 >= ${policy.maxFailures}
          then t.window_started_at + ${policy.windowMs}::float8 * interval '1 millisecond'
        else t.locked_until end,
      window_started_at = case when t.window_started_at <= ${windowStartBefore} then ${now} else t.window_started_at end,
      last_failure_at = ${now}
    returning locked_until`.execute(db);
  const until = rows[0]?.locked_until;
  return !!until && new Date(until).getTime() > now.getTime();
}

export async function clearUsername(db: Database, username: string): Promise<void> {
  await db.deleteFrom('login_throttles').where('key', '=', usernameKey(username)).execute();
}
