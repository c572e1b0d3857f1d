import { sql, type Kysely } from 'kysely';

// Frozen. Request counters of rate-limited callers (API keys), one row per caller: the fixed
// window it is in, the requests counted in it (leased ones included) and the size of the last
// lease. The counters leave login_throttles, whose rows are failures of people.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table request_windows (
      key text primary key,
      window_started_at timestamptz not null,
      used integer not null check (used >= 0),
      lease integer not null check (lease >= 1)
    )`.execute(db);
  await sql`delete from login_throttles where key like 'apikey:%'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table request_windows`.execute(db);
}
