import { sql, type Kysely } from 'kysely';

// Frozen. The students whose data a stored Idempotency-Key answer carries (names, stamnummer,
// group, passwords). Erasing a student deletes the answers that name it, in the erasure's
// transaction; the answer itself is sealed, so the database cannot look inside it. Answers
// stored before this migration name nobody (null) and are deleted by any erasure in their school
// (they live at most 24 hours plus RETENTION_IDEMPOTENCY_DAYS).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table idempotency_keys add column student_ids uuid[]`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table idempotency_keys drop column student_ids`.execute(db);
}
