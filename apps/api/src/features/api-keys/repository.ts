import type { Insertable, Updateable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ApiKeysTable } from '../../db/types.js';

export function list(db: Database, iid: string) {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('institution_id', '=', iid)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export function insert(db: Database, row: Insertable<ApiKeysTable>) {
  return db.insertInto('api_keys').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A change to a key of this school that is not revoked (a revoked key changes no more). */
function updateLiveKey(db: Database, iid: string, id: string, values: Updateable<ApiKeysTable>) {
  return db
    .updateTable('api_keys')
    .set(values)
    .where('institution_id', '=', iid)
    .where('id', '=', id)
    .where('revoked_at', 'is', null);
}

export function revoke(db: Database, iid: string, id: string, now: Date) {
  return updateLiveKey(db, iid, id, { revoked_at: now }).returning('id').executeTakeFirst();
}

export function setRateLimit(db: Database, iid: string, id: string, perMinute: number | null) {
  return updateLiveKey(db, iid, id, { rate_limit_per_minute: perMinute })
    .returningAll()
    .executeTakeFirst();
}
