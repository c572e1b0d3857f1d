import type { Database } from '../../db/database.js';

export function find(db: Database, iid: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('institution_id', '=', iid)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Claims the key; false when another request holds it already. */
export async function claim(
  db: Database,
  row: { iid: string; key: string; requestHash: string; total: number; now: Date; expiresAt: Date },
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
    })
    .onConflict((oc) => oc.columns(['institution_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return !!inserted;
}

export function deleteExpired(db: Database, iid: string, key: string, now: Date) {
  return db
    .deleteFrom('idempotency_keys')
    .where('institution_id', '=', iid)
    .where('key', '=', key)
    .where('expires_at', '<', now)
    .execute();
}

export function setProgress(db: Database, iid: string, key: string, done: number) {
  return db
    .updateTable('idempotency_keys')
    .set({ progress_done: done })
    .where('institution_id', '=', iid)
    .where('key', '=', key)
    .execute();
}

export function complete(
  db: Database,
  iid: string,
  key: string,
  status: number,
  responseEnc: string,
) {
  return db
    .updateTable('idempotency_keys')
    .set({ state: 'done', response_status: status, response_enc: responseEnc })
    .where('institution_id', '=', iid)
    .where('key', '=', key)
    .execute();
}

export function release(db: Database, iid: string, key: string) {
  return db
    .deleteFrom('idempotency_keys')
    .where('institution_id', '=', iid)
    .where('key', '=', key)
    .where('state', '=', 'processing')
    .execute();
}
