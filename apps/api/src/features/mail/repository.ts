import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export function insertMail(
  db: Database,
  row: { id: string; template: string; recipient: string; message_enc: string; now: Date },
) {
  return db
    .insertInto('outbox')
    .values({
      id: row.id,
      template: row.template,
      recipient: row.recipient,
      message_enc: row.message_enc,
      next_attempt_at: row.now,
      created_at: row.now,
    })
    .execute();
}

/**
 * Leases due rows to this sender: SKIP LOCKED plus locked_until keep two instances (or two ticks)
 * from sending the same row; a sender that dies mid-send releases it when the lease runs out.
 */
export function claimDue(db: Database, now: Date, leaseUntil: Date, limit: number) {
  return db
    .updateTable('outbox')
    .set((eb) => ({ locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', now)]))
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
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

/** The message body is dropped once sent: it holds a live link. */
export async function markSent(db: Database, id: string, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('outbox')
    .set({ sent_at: now, locked_until: null, last_error: null, message_enc: null })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function markRetry(db: Database, id: string, next: Date, error: string) {
  return db
    .updateTable('outbox')
    .set({ next_attempt_at: next, locked_until: null, last_error: error })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

export function markFailed(db: Database, id: string, now: Date, error: string) {
  return db
    .updateTable('outbox')
    .set({ failed_at: now, locked_until: null, last_error: error, message_enc: null })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
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
