import type { Kysely } from 'kysely';

// Frozen. One row per periodic job (platform/jobs): when it is due, who holds it now (a lease, so
// that of several instances exactly one runs each period), and what its last run did.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduled_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_run_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lease_id', 'uuid')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('last_started_at', 'timestamptz')
    .addColumn('last_finished_at', 'timestamptz')
    .addColumn('last_duration_ms', 'integer')
    .addColumn('last_counts', 'jsonb')
    .addColumn('last_error', 'text')
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
