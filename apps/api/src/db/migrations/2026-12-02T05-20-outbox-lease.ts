import type { Kysely } from 'kysely';

// Frozen. An outbox row is leased to one sender at a time, for one mail: `lease_id` names the
// holder, so only it can renew the lease or record the outcome (a sender whose lease was taken
// over cannot overwrite what the new holder did).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('lease_id', 'uuid').execute();
}
