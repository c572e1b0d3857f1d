import type { Kysely } from 'kysely';

// Frozen. A "processing" Idempotency-Key is owned by a lease that the working request renews:
// `lease_id` names the holder, `lease_expires_at` when a retry with the same key and body may
// take the key over (the holder died; nothing of it was committed). Rows from before this
// migration have no lease and count as lapsed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('idempotency_keys')
    .addColumn('lease_id', 'uuid')
    .addColumn('lease_expires_at', 'timestamptz')
    .execute();
}
