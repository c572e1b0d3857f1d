import type { Database } from '../../db/database.js';

// What every link token (co-account activation, admin invitation and reset) shares: the rows
// live in `tokens`, stored as hashes; each feature finds its own open links.

/** The single-use guarantee: one UPDATE, so of many concurrent submits exactly one gets the row. */
export function consumeToken(db: Database, id: string, now: Date) {
  return db
    .updateTable('tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id'])
    .executeTakeFirst();
}

/** Counts a rejected password on a link; the link dies after `max` of them. */
export function countTokenFailure(db: Database, id: string, max: number, now: Date) {
  return db
    .updateTable('tokens')
    .set((eb) => ({
      failed_attempts: eb('failed_attempts', '+', 1),
      revoked_at: eb
        .case()
        .when('failed_attempts', '>=', max - 1)
        .then(now)
        .else(eb.ref('revoked_at'))
        .end(),
    }))
    .where('id', '=', id)
    .execute();
}
