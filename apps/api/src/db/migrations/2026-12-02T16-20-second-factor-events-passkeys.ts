import { sql, type Kysely } from 'kysely';
import { createIndex, createTableWithUuidKey, defaultNow, ownedBy } from '../migration-builders.js';

// Frozen. Second factor, part 2 (issue 19): what happened to an admin's factors (recovery code
// used, codes renewed, factors reset by another admin) and passkeys (WebAuthn credentials and
// their single-use, short-lived challenges).
export async function up(db: Kysely<any>): Promise<void> {
  await createTableWithUuidKey(db, 'admin_security_events')
    .addColumn('admin_user_id', 'uuid', ownedBy('admin_users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('admin_users.id').onDelete('set null'))
    .addColumn('actor_name', 'text')
    .addColumn('institution_id', 'uuid', (c) =>
      c.references('institutions.id').onDelete('set null'),
    )
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', defaultNow)
    .execute();
  await createIndex(db, 'admin_security_events_admin_idx', 'admin_security_events', [
    'admin_user_id',
    'created_at',
  ]);

  await createTableWithUuidKey(db, 'admin_passkeys')
    .addColumn('admin_user_id', 'uuid', ownedBy('admin_users.id'))
    .addColumn('credential_id', 'text', (c) => c.notNull().unique()) // base64url
    .addColumn('public_key', 'text', (c) => c.notNull()) // base64url COSE key
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('device_type', 'text', (c) => c.notNull())
    .addColumn('backed_up', 'boolean', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await createIndex(db, 'admin_passkeys_admin_idx', 'admin_passkeys', ['admin_user_id']);

  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    // What the challenge is bound to: a session (registration, step-up) or a pending login, by
    // the hash of its cookie; null only for a passwordless login (bound by its own cookie).
    .addColumn('binding', 'text')
    .addColumn('admin_user_id', 'uuid', (c) => c.references('admin_users.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webauthn_challenges').execute();
  await db.schema.dropTable('admin_passkeys').execute();
  await db.schema.dropTable('admin_security_events').execute();
}
