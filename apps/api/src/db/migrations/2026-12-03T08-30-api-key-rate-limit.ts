import { sql, type Kysely } from 'kysely';

// Frozen. A request limit per API key (requests per minute); null means the installation's
// default (API_KEY_RATE_LIMIT_PER_MINUTE). The counters live in login_throttles.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_keys')
    .addColumn('rate_limit_per_minute', 'integer', (c) =>
      c.check(sql`rate_limit_per_minute between 1 and 100000`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').dropColumn('rate_limit_per_minute').execute();
}
