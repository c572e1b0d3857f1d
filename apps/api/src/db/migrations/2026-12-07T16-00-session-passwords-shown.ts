import { sql, type Kysely } from 'kysely';

// Frozen. How many passwords a dashboard session showed or printed again without a recent second
// factor since its last factor (second-factor/policy.ts, assertMayShowPasswords): a session may
// show a class (MASS_EXPORT) that way, then it is asked for the factor, however it splits its
// selections. Sessions from before this column start at zero.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions add column passwords_shown integer not null default 0
    check (passwords_shown >= 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions drop column passwords_shown`.execute(db);
}
