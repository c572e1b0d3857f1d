import { sql, type Kysely } from 'kysely';
import {
  createHistoryTable,
  createIndex,
  createTableWithUuidKey,
  defaultNow,
  eventColumns,
  ownedBy,
  timestamps,
} from '../migration-builders.js';

// Frozen. The OpenID Connect provider (issue 15).
// - oidc_models: every object oidc-provider stores (sessions, interactions, codes, tokens, grants),
//   one table keyed by (model, id), with the columns it looks up by (grant, uid) and the expiry
//   that the purge uses.
// - oidc_keys: the provider's signing keys, sealed with CREDENTIALS_KEY. One `current` key signs,
//   one `next` key is published before it signs, `retired` keys stay published until the tokens
//   they signed have expired.
// - apps: learning apps ("Leerplatformen"); a school's own (institution_id set) or a platform app
//   (institution_id null) that schools switch on in app_institutions. app_events is their history.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('oidc_models')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('consumed_at', 'timestamptz')
    .addPrimaryKeyConstraint('oidc_models_pkey', ['model', 'id'])
    .execute();
  // Only the rows that have a grant, a uid or an expiry are looked up by it.
  for (const [index, column] of [
    ['oidc_models_grant_idx', 'grant_id'],
    ['oidc_models_uid_idx', 'uid'],
    ['oidc_models_expires_idx', 'expires_at'],
  ] as const) {
    await db.schema
      .createIndex(index)
      .on('oidc_models')
      .column(column)
      .where(sql.ref(column), 'is not', null)
      .execute();
  }

  await db.schema
    .createTable('oidc_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('current', 'next', 'retired')`),
    )
    .addColumn('sealed_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addColumn('retired_at', 'timestamptz')
    .execute();
  // At most one key signs and one waits.
  await db.schema
    .createIndex('oidc_keys_one_state_idx')
    .on('oidc_keys')
    .column('state')
    .unique()
    .where(sql.ref('state'), 'in', ['current', 'next'])
    .execute();

  await createTableWithUuidKey(db, 'apps')
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('institution_id', 'uuid', (c) => c.references('institutions.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('logo_url', 'text')
    .addColumn('redirect_uris', 'jsonb', (c) => c.notNull())
    .addColumn('post_logout_redirect_uris', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('launch_url', 'text')
    .addColumn('for_students', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('for_parents', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('groups', 'jsonb')
    .addColumn('confidential', 'boolean', (c) => c.notNull())
    .addColumn('secret_hash', 'text')
    .addColumn('secret_created_at', 'timestamptz')
    .addColumn('subject_type', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pairwise')
        .check(sql`subject_type in ('pairwise', 'public')`),
    )
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .$call(timestamps)
    .addCheckConstraint('apps_secret_check', sql`confidential = (secret_hash is not null)`)
    .execute();
  await createIndex(db, 'apps_institution_idx', 'apps', ['institution_id']);

  await db.schema
    .createTable('app_institutions')
    .addColumn('app_id', 'uuid', ownedBy('apps.id'))
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addPrimaryKeyConstraint('app_institutions_pkey', ['app_id', 'institution_id'])
    .execute();
  await createIndex(db, 'app_institutions_institution_idx', 'app_institutions', ['institution_id']);

  // History outlives the app: no foreign key to apps.
  await createHistoryTable(db, 'app_events')
    .addColumn('app_id', 'uuid', (c) => c.notNull())
    .addColumn('institution_id', 'uuid', (c) => c.references('institutions.id').onDelete('cascade'))
    .$call(eventColumns)
    .execute();
  await createIndex(db, 'app_events_app_idx', 'app_events', ['app_id', 'id']);

  // Usage per app (last sign-in, distinct people in 30 days) reads sign-in events by app.
  await db.schema
    .createIndex('account_events_app_sign_in_idx')
    .on('account_events')
    .expression(sql`(detail->>'clientId'), created_at`)
    .where(sql.ref('kind'), '=', 'app_login')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('account_events_app_sign_in_idx').execute();
  for (const t of ['app_events', 'app_institutions', 'apps', 'oidc_keys', 'oidc_models']) {
    await db.schema.dropTable(t).execute();
  }
}
