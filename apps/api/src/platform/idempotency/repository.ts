import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import { purgeUnlessHeld } from '../../db/purge.js';
import type { DB } from '../../db/types.js';

type Keys = ExpressionBuilder<DB, 'idempotency_keys'>;

/** The row of the school's Idempotency-Key `key`. */
const ofKey = (iid: string, key: string) => (eb: Keys) =>
  eb.and([eb('institution_id', '=', iid), eb('key', '=', key)]);

/** That row while its request still runs under the lease `leaseId`: only the holder writes it. */
const heldBy = (iid: string, key: string, leaseId: string) => (eb: Keys) =>
  eb.and([ofKey(iid, key)(eb), eb('state', '=', 'processing'), eb('lease_id', '=', leaseId)]);

export function find(db: Database, iid: string, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where(ofKey(iid, key)).executeTakeFirst();
}

interface Lease {
  leaseId: string;
  leaseExpiresAt: Date;
}

/** Claims the key with a lease; false when a row for it exists already. */
export async function claim(
  db: Database,
  row: {
    iid: string;
    key: string;
    requestHash: string;
    total: number;
    now: Date;
    expiresAt: Date;
  } & Lease,
) {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      institution_id: row.iid,
      key: row.key,
      request_hash: row.requestHash,
      state: 'processing',
      progress_total: row.total,
      created_at: row.now,
      expires_at: row.expiresAt,
      lease_id: row.leaseId,
      lease_expires_at: row.leaseExpiresAt,
    })
    .onConflict((oc) => oc.columns(['institution_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return !!inserted;
}

/**
 * Takes over a "processing" key whose lease lapsed (its holder died), for a request with the
 * same body. One UPDATE: of several retries exactly one wins; a holder that is finishing holds
 * the row lock, and after its commit the row is "done" and nobody takes it over.
 */
export async function takeOver(
  db: Database,
  row: { iid: string; key: string; requestHash: string; total: number; now: Date } & Lease,
) {
  const taken = await db
    .updateTable('idempotency_keys')
    .set({
      lease_id: row.leaseId,
      lease_expires_at: row.leaseExpiresAt,
      progress_done: 0,
      progress_total: row.total,
    })
    .where(ofKey(row.iid, row.key))
    .where('state', '=', 'processing')
    .where('request_hash', '=', row.requestHash)
    .where((eb) =>
      eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', row.now)]),
    )
    .returning('key')
    .executeTakeFirst();
  return !!taken;
}

export function deleteExpired(db: Database, iid: string, key: string, now: Date) {
  return db
    .deleteFrom('idempotency_keys')
    .where(ofKey(iid, key))
    .where('expires_at', '<', now)
    .execute();
}

/** Renews the holder's lease (and records progress); false when the lease is no longer its own. */
export async function renew(
  db: Database,
  iid: string,
  key: string,
  lease: Lease,
  done?: number,
): Promise<boolean> {
  const renewed = await db
    .updateTable('idempotency_keys')
    .set({
      lease_expires_at: lease.leaseExpiresAt,
      ...(done === undefined ? {} : { progress_done: done }),
    })
    .where(heldBy(iid, key, lease.leaseId))
    .returning('key')
    .executeTakeFirst();
  return !!renewed;
}

/** Records the answer under the holder's lease; false when the lease was taken over. */
export async function complete(
  db: Database,
  iid: string,
  key: string,
  leaseId: string,
  status: number,
  responseEnc: string,
  studentIds: string[],
): Promise<boolean> {
  const done = await db
    .updateTable('idempotency_keys')
    .set((eb) => ({
      state: 'done',
      // The last progress report is fire-and-forget on another connection and may arrive after
      // this commit (it then matches no row): a finished request reports everything done.
      progress_done: eb.ref('progress_total'),
      response_status: status,
      response_enc: responseEnc,
      student_ids: studentIds,
      lease_id: null,
      lease_expires_at: null,
    }))
    .where(heldBy(iid, key, leaseId))
    .returning('key')
    .executeTakeFirst();
  return !!done;
}

/**
 * Erasure: the stored answers of the school that name the student (and answers from before
 * `student_ids` existed, which name nobody we know of), in the erasure's transaction. A replay of
 * such a key then runs the request again, as for an unknown key, and finds no student.
 */
export function forgetStudentAnswers(db: Database, iid: string, sid: string) {
  return db
    .deleteFrom('idempotency_keys')
    .where('institution_id', '=', iid)
    .where((eb) =>
      eb.or([
        eb(sql<string>`${sid}::uuid`, '=', eb.fn.any('student_ids')),
        eb.and([eb('student_ids', 'is', null), eb('state', '=', 'done')]),
      ]),
    )
    .execute();
}

export function release(db: Database, iid: string, key: string, leaseId: string) {
  return db
    .deleteFrom('idempotency_keys')
    .where(heldBy(iid, key, leaseId))
    .execute();
}

/** Purge job: keys (and their sealed answers) expired before `cutoff`, unless a lease runs. */
export const purgeExpiredKeys = purgeUnlessHeld(
  'idempotency_keys',
  'expires_at',
  'lease_expires_at',
);
