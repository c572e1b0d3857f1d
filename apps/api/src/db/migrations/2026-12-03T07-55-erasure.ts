import { sql, type Kysely } from 'kysely';

// Frozen. Erasure of a student (grace period over, or "erase now"): the student row and its
// dependants go, the history stays as pseudonymous events. An event's student reference becomes
// null when the student is deleted, and `pseudonym` (random, one per erased student) keeps the
// events of one erased person together without saying who it was.
async function studentReference(db: Kysely<any>, onDelete: 'set null' | 'cascade') {
  await db.schema
    .alterTable('account_events')
    .dropConstraint('account_events_student_id_fkey')
    .execute();
  await db.schema
    .alterTable('account_events')
    .alterColumn('student_id', (c) => (onDelete === 'cascade' ? c.setNotNull() : c.dropNotNull()))
    .execute();
  await db.schema
    .alterTable('account_events')
    .addForeignKeyConstraint('account_events_student_id_fkey', ['student_id'], 'students', ['id'])
    .onDelete(onDelete)
    .execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await studentReference(db, 'set null');
  await db.schema.alterTable('account_events').addColumn('pseudonym', 'text').execute();
  await sql`create index account_events_pseudonym_idx on account_events (pseudonym) where pseudonym is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index account_events_pseudonym_idx`.execute(db);
  await db.schema.alterTable('account_events').dropColumn('pseudonym').execute();
  await db.deleteFrom('account_events').where('student_id', 'is', null).execute();
  await studentReference(db, 'cascade');
}
