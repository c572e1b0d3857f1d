import type { Kysely } from 'kysely';

// Frozen. The school's grace period: how long a student's data stay after the enrolment ended
// before they are erased (default a year), and a per-student "keep until" an admin may set to
// postpone that (a returning student).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('institutions')
    .addColumn('grace_period_days', 'integer', (c) => c.notNull().defaultTo(365))
    .execute();
  await db.schema.alterTable('students').addColumn('keep_until', 'date').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('students').dropColumn('keep_until').execute();
  await db.schema.alterTable('institutions').dropColumn('grace_period_days').execute();
}
