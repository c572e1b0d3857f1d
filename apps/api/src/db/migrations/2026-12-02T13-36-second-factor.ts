import { sql, type Kysely } from 'kysely';
import { createIndex, createTableWithUuidKey, defaultNow, ownedBy } from '../migration-builders.js';

// Frozen. A second factor for admins (issue 19): TOTP (secret sealed with CREDENTIALS_KEY, the
// last accepted time step so a code works once), recovery codes (HMAC-peppered hashes), the
// short-lived state between password and factor (not a session), what a session knows about its
// factor, and the policies that require one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_totp')
    .addColumn('admin_user_id', 'uuid', (c) =>
      c.primaryKey().references('admin_users.id').onDelete('cascade'),
    )
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('last_step', 'integer')
    .addColumn('created_at', 'timestamptz', defaultNow)
    .execute();

  await createTableWithUuidKey(db, 'admin_recovery_codes')
    .addColumn('admin_user_id', 'uuid', ownedBy('admin_users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', defaultNow)
    .execute();
  await createIndex(db, 'admin_recovery_codes_admin_idx', 'admin_recovery_codes', [
    'admin_user_id',
    'code_hash',
  ]);

  await db.schema
    .createTable('login_pending')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha-256 of the cookie token
    .addColumn('admin_user_id', 'uuid', ownedBy('admin_users.id'))
    .addColumn('setup', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('sessions')
    .addColumn('second_factor_at', 'timestamptz')
    .addColumn('user_agent', 'text')
    .execute();

  await db.schema
    .alterTable('institutions')
    .addColumn('require_second_factor', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable('platform_settings')
    .addColumn('id', 'boolean', (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`id`),
    )
    .addColumn('require_second_factor', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.insertInto('platform_settings').values({ id: true }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('platform_settings').execute();
  await db.schema.alterTable('institutions').dropColumn('require_second_factor').execute();
  await db.schema
    .alterTable('sessions')
    .dropColumn('second_factor_at')
    .dropColumn('user_agent')
    .execute();
  await db.schema.dropTable('login_pending').execute();
  await db.schema.dropTable('admin_recovery_codes').execute();
  await db.schema.dropTable('admin_totp').execute();
}
