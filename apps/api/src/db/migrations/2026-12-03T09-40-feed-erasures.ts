import { sql, type Kysely } from 'kysely';
import { createIndex } from '../migration-builders.js';

// Frozen. The change feed tells integrations that keep a copy when a student was erased: the
// student row is gone, so its erasure leaves a tombstone (id and school only, nothing personal)
// stamped with the transaction id like the rows of students and accounts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('student_tombstones')
    .addColumn('student_id', 'uuid', (c) => c.primaryKey())
    .addColumn('institution_id', 'uuid', (c) => c.notNull())
    .addColumn('change_xid', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`))
    .addColumn('erased_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await createIndex(db, 'student_tombstones_change_idx', 'student_tombstones', [
    'institution_id',
    'change_xid',
    'student_id',
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('student_tombstones').execute();
}
