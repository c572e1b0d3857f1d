import { sql, type Kysely } from 'kysely';

// Frozen. When a dashboard session last confirmed its admin's current password (POST
// /me/security/confirm-password, "sudo mode"): an admin without any second factor needs it
// within minutes to add the first one, so the session cookie alone cannot enrol an intruder's
// factor (second-factor/policy.ts). Null until the session confirms.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions add column password_confirmed_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions drop column password_confirmed_at`.execute(db);
}
