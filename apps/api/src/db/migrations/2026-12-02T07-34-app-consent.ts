import type { Kysely } from 'kysely';

// Frozen. Apps the school or platform marks as needing consent show a consent screen before a
// person's first sign-in (issue 15); every other app is covered by the school's decision.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('apps')
    .addColumn('requires_consent', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('apps').dropColumn('requires_consent').execute();
}
