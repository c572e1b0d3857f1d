import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { countOrDelete, purgeUnlessHeld } from '../../db/purge.js';

// Failed-login counters in PostgreSQL, so every API instance sees the same numbers. The lockout
// follows OWASP's device-cookie model (see service.ts and SECURITY.md): failures from a browser
// with a valid device cookie for the name count against that device (`device:<nonce>`); failures
// of untrusted clients count against the name (`user:<username>` for the portal, `admin:<e-mail>`
// for admins; known or not) and the client address, and those locks hold only untrusted clients.
// Per name or device: after `threshold` failures every further failure locks it for a doubling
// time, 1, 2, 4 … at most 15 minutes; a success or a quiet day resets it. Per client address: a
// fixed window sized for a whole school behind one address. Login attempts are counted before
// their password is checked (reservations.repository.ts), so parallel attempts cannot outrun them.

export const USERNAME_POLICY = {
  threshold: 10,
  baseLockMs: 60_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 24 * 3_600_000,
};

/** A trusted device: the same steps, counted for that one browser. */
export const DEVICE_POLICY = USERNAME_POLICY;

/**
 * A valid one-time link for a name (co-account activation: it proves the registered mailbox) is
 * trusted like a device, held only by its own counter: one refused password is free, the next
 * locks the link (1, 2, 4 … at most 15 minutes), and from then on it counts as untrusted, held by
 * the name's lock. Its refusals also count against the name. The link itself dies after 10.
 */
export const LINK_POLICY = { ...USERNAME_POLICY, threshold: 1 };

/**
 * Untrusted portal failures per client address. Sized for 8:30 on a Monday: 1,000 pupils behind
 * one address, one in ten mistyping once or twice, make 100–200 failures in a few minutes;
 * `pnpm bench monday` measures it.
 */
export const IP_POLICY = { windowMs: 10 * 60_000, maxFailures: 500 };

/** Activation requests per address (each may send a mail). */
export const ACTIVATION_IP_POLICY = { windowMs: 10 * 60_000, maxFailures: 30 };

/** Admin logins: fewer people share an address than in a school's classrooms. */
export const ADMIN_IP_POLICY = { windowMs: 10 * 60_000, maxFailures: 100 };

/** Admin "forgot password" requests per address (each may send a mail). */
export const ADMIN_RESET_IP_POLICY = { windowMs: 10 * 60_000, maxFailures: 20 };

/**
 * Passwordless login options per address: asked without a login, and each stores a challenge.
 * Asked once per click on "use a passkey"; the admins behind one address (a school, a school
 * board's office) stay far below this, a loop stops here (found by an outside review).
 */
export const PASSKEY_OPTIONS_IP_POLICY = { windowMs: 10 * 60_000, maxFailures: 100 };

/**
 * Invitation and join mails one school may send per hour, whoever of its admins sends them: a
 * mass invitation (or a stolen session) stops here, before the shared sending domain suffers.
 */
export const SCHOOL_INVITATION_POLICY = { windowMs: 3_600_000, maxFailures: 30 };

export const usernameKey = (username: string) => `user:${username}`;
export const deviceKey = (nonce: string) => `device:${nonce}`;
/** The counter of one one-time link (its token id). */
export const linkKey = (tokenId: string) => `link:${tokenId}`;
export const ipKey = (ip: string) => `ip:${ip}`;
export const activationIpKey = (ip: string) => `activation-ip:${ip}`;
/** Admin e-mail addresses, known or not, compared case-insensitively. */
export const adminKey = (email: string) => `admin:${email.trim().toLowerCase()}`;
export const adminIpKey = (ip: string) => `admin-ip:${ip}`;
export const schoolInvitationsKey = (institutionId: string) =>
  `school-invitations:${institutionId}`;
export const adminResetIpKey = (ip: string) => `admin-reset-ip:${ip}`;
export const passkeyOptionsIpKey = (ip: string) => `passkey-options-ip:${ip}`;

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

/**
 * Whether failures of `key` are counted that are not yet forgotten (someone has been failing to
 * log in for that name within a day).
 */
export async function hasFailures(
  db: Database,
  key: string,
  now: Date,
  p: typeof USERNAME_POLICY = USERNAME_POLICY,
): Promise<boolean> {
  const row = await db
    .selectFrom('login_throttles')
    .select('key')
    .where('key', '=', key)
    .where('failures', '>', 0)
    .where('last_failure_at', '>=', new Date(now.getTime() - p.forgetAfterMs))
    .executeTakeFirst();
  return !!row;
}

/**
 * Admits a request into a fixed window in one atomic statement: counts it only while the window
 * has room (and no lock runs), and answers whether it was admitted. `lockedUntil` followed by
 * a separate count would let a parallel burst through (every check runs before any count); here
 * the row lock of the upsert orders concurrent requests, on every instance. The window's last
 * admitted request locks the key until the window ends.
 */
export async function windowAdmit(
  db: Database,
  key: string,
  policy: { windowMs: number; maxFailures: number },
  now: Date,
): Promise<boolean> {
  const windowStartBefore = new Date(now.getTime() - policy.windowMs);
  const stale = sql<boolean>`t.window_started_at <= ${windowStartBefore}`;
  const { rows } = await sql<{ key: string }>`
    insert into login_throttles as t (key, failures, lockouts, window_started_at, last_failure_at, locked_until)
    values (${key}, 1, 0, ${now}, ${now},
      case when 1 >= ${policy.maxFailures}::int
        then ${now}::timestamptz + ${policy.windowMs}::float8 * interval '1 millisecond' end)
    on conflict (key) do update set
      failures = case when ${stale} then 1 else t.failures + 1 end,
      locked_until = case
        when ${stale} then
          case when 1 >= ${policy.maxFailures}::int
            then ${now}::timestamptz + ${policy.windowMs}::float8 * interval '1 millisecond' end
        when t.failures + 1 >= ${policy.maxFailures}::int
          then t.window_started_at + ${policy.windowMs}::float8 * interval '1 millisecond'
        else t.locked_until end,
      window_started_at = case when ${stale} then ${now} else t.window_started_at end,
      last_failure_at = ${now}
    where (t.locked_until is null or t.locked_until <= ${now})
      and (${stale} or t.failures < ${policy.maxFailures}::int)
    returning key`.execute(db);
  return rows.length > 0;
}

/** Of what is left of a window, the share one instance reserves at once (see leaseRequests). */
export const LEASE_SHARE = 16;

/**
 * Reserves requests of a rate-limited caller (an API key) in a fixed window of `windowMs`,
 * counted in the database so that every instance shares the count. The lease is a sixteenth of
 * what is left of the limit (at least one): far from the limit an instance writes once in many
 * requests, near it every request is counted one by one, and over it each one still counts.
 * Answers the requests counted in the window (the lease included), the lease and the window start.
 */
export async function leaseRequests(
  db: Database,
  key: string,
  limit: number,
  windowMs: number,
  now: Date,
  unspent?: { count: number; windowStartedAt: Date },
): Promise<{ used: number; lease: number; windowStartedAt: Date }> {
  const windowStartBefore = new Date(now.getTime() - windowMs);
  const first = Math.max(1, Math.floor(limit / LEASE_SHARE));
  // A lease of this window that the caller did not spend comes off the count first.
  const back = unspent?.count ?? 0;
  const backWindow = unspent?.windowStartedAt ?? new Date(0);
  const spent = sql<number>`greatest(0, t.used - case when t.window_started_at = ${backWindow} then ${back}::int else 0 end)`;
  const { rows } = await sql<{ used: number; lease: number; window_started_at: Date }>`
    insert into request_windows as t (key, window_started_at, used, lease)
    values (${key}, ${now}, ${first}, ${first})
    on conflict (key) do update set
      lease = case when t.window_started_at <= ${windowStartBefore} then ${first}
                   else greatest(1, (${limit}::int - ${spent}) / ${LEASE_SHARE}) end,
      used = case when t.window_started_at <= ${windowStartBefore} then ${first}
                  else ${spent} + greatest(1, (${limit}::int - ${spent}) / ${LEASE_SHARE}) end,
      window_started_at = case when t.window_started_at <= ${windowStartBefore} then ${now}
                               else t.window_started_at end
    returning used, lease, window_started_at`.execute(db);
  const row = rows[0]!;
  return {
    used: Number(row.used),
    lease: Number(row.lease),
    windowStartedAt: new Date(row.window_started_at),
  };
}

/** A successful login forgets the failures of that name (or device). */
export async function clearName(db: Database, key: string | string[]): Promise<void> {
  const keys = Array.isArray(key) ? key : [key];
  if (keys.length) await db.deleteFrom('login_throttles').where('key', 'in', keys).execute();
}

/** Purge job: throttle rows without a failure since `cutoff` and without a running lock. */
export const purgeStaleThrottles = purgeUnlessHeld(
  'login_throttles',
  'last_failure_at',
  'locked_until',
);

/** Purge job: request counters of keys not used since `cutoff` (revoked, idle integrations). */
export function purgeRequestWindows(db: Database, cutoff: Date, dryRun: boolean): Promise<number> {
  return countOrDelete(db, 'request_windows', (eb) => eb('window_started_at', '<', cutoff), dryRun);
}
