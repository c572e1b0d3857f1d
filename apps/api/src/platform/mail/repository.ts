import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { countOrDelete } from '../../db/purge.js';

export function insertMail(
  db: Database,
  row: { id: string; template: string; recipient: string; message_enc: string; now: Date },
) {
  const { now, ...mail } = row;
  return db
    .insertInto('outbox')
    .values({ ...mail, next_attempt_at: now, created_at: now })
    .execute();
}

/**
 * Leases the next due row to one sender, for one mail: SKIP LOCKED plus `locked_until` keep two
 * instances (or two passes) from taking the same row, and `lease_id` names the holder so only it
 * can renew the lease or record the outcome. A sender that dies mid-send releases the row when
 * the lease runs out. `skip`: rows this sender already knows it cannot open.
 */
export function claimNext(
  db: Database,
  lease: { now: Date; until: Date; id: string; skip: readonly string[] },
) {
  return db
    .updateTable('outbox')
    .set((eb) => ({
      locked_until: lease.until,
      lease_id: lease.id,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', (eb) => {
      let due = eb
        .selectFrom('outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', lease.now)
        .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', lease.now)]));
      if (lease.skip.length > 0) due = due.where('id', 'not in', lease.skip);
      return due.orderBy('next_attempt_at').limit(1).forUpdate().skipLocked();
    })
    .returningAll()
    .executeTakeFirst();
}

/** An update of one unsent mail by the holder of its lease: it changes nothing for anyone else. */
function byLeaseHolder(db: Database, id: string, leaseId: string) {
  return db
    .updateTable('outbox')
    .where('id', '=', id)
    .where('lease_id', '=', leaseId)
    .where('sent_at', 'is', null);
}

/** What ends a lease: the row is free for the next sender. */
const LEASE_ENDS = { locked_until: null, lease_id: null } as const;

/** Extends a lease while its mail is being sent; false when the lease is no longer ours. */
export async function renewLease(
  db: Database,
  id: string,
  leaseId: string,
  until: Date,
): Promise<boolean> {
  const res = await byLeaseHolder(db, id, leaseId).set({ locked_until: until }).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Without SMTP: rows not yet shown in the log, marked so each is logged once. */
export function claimUnlogged(db: Database, now: Date, limit: number) {
  return db
    .updateTable('outbox')
    .set({ logged_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('logged_at', 'is', null)
        .where('failed_at', 'is', null)
        .orderBy('created_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

/**
 * The message body is dropped once sent: it holds a live link. Recorded even when the lease ran
 * out meanwhile (the mail did go out; a holder that sends it again finds it marked).
 */
export async function markSent(db: Database, id: string, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('outbox')
    .set({ sent_at: now, ...LEASE_ENDS, last_error: null, message_enc: null })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function markRetry(db: Database, id: string, leaseId: string, next: Date, error: string) {
  return byLeaseHolder(db, id, leaseId)
    .set({ next_attempt_at: next, ...LEASE_ENDS, last_error: error })
    .execute();
}

export function markFailed(db: Database, id: string, leaseId: string, now: Date, error: string) {
  return byLeaseHolder(db, id, leaseId)
    .set({ failed_at: now, ...LEASE_ENDS, last_error: error, message_enc: null })
    .execute();
}

/**
 * This sender cannot open the message (its CREDENTIALS_KEY differs from the one that sealed it):
 * the row goes back at once, due as it was, for an instance that can; the try does not count.
 */
export function releaseUnreadable(db: Database, id: string, leaseId: string, error: string) {
  return byLeaseHolder(db, id, leaseId)
    .set((eb) => ({ ...LEASE_ENDS, last_error: error, attempts: eb('attempts', '-', 1) }))
    .execute();
}

export async function countPending(db: Database): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select(sql<string>`count(*)`.as('n'))
    .where('sent_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Purge job: mails sent, or failed for good, before `cutoff`. A dry run counts them. */
export async function purgeFinishedMails(
  db: Database,
  cutoff: Date,
  dryRun: boolean,
): Promise<number> {
  return countOrDelete(
    db,
    'outbox',
    (eb) => eb.or([eb('sent_at', '<', cutoff), eb('failed_at', '<', cutoff)]),
    dryRun,
  );
}
