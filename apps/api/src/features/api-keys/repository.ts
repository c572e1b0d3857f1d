import type { Insertable } from 'kysely';
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

export function revoke(db: Database, iid: string, id: string, now: Date) {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('institution_id', '=', iid)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
}

export function setRateLimit(db: Database, iid: string, id: string, perMinute: number | null) {
  return db
    .updateTable('api_keys')
    .set({ rate_limit_per_minute: perMinute })
    .where('institution_id', '=', iid)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}
