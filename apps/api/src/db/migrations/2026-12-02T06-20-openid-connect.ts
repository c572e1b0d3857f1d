import { sql, type Kysely } from 'kysely';

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
  await db.schema
    .createIndex('oidc_models_grant_idx')
    .on('oidc_models')
    .column('grant_id')
    .where(sql.ref('grant_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('oidc_models_uid_idx')
    .on('oidc_models')
    .column('uid')
    .where(sql.ref('uid'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('oidc_models_expires_idx')
    .on('oidc_models')
    .column('expires_at')
    .where(sql.ref('expires_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('oidc_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('current', 'next', 'retired')`),
    )
    .addColumn('sealed_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
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

  await db.schema
    .createTable('apps')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
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
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('apps_secret_check', sql`confidential = (secret_hash is not null)`)
    .execute();
  await db.schema.createIndex('apps_institution_idx').on('apps').column('institution_id').execute();

  await db.schema
    .createTable('app_institutions')
    .addColumn('app_id', 'uuid', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('institution_id', 'uuid', (c) =>
      c.notNull().references('institutions.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('app_institutions_pkey', ['app_id', 'institution_id'])
    .execute();
  await db.schema
    .createIndex('app_institutions_institution_idx')
    .on('app_institutions')
    .column('institution_id')
    .execute();

  // History outlives the app: no foreign key to apps.
  await db.schema
    .createTable('app_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('app_id', 'uuid', (c) => c.notNull())
    .addColumn('institution_id', 'uuid', (c) => c.references('institutions.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('app_events_app_idx')
    .on('app_events')
    .columns(['app_id', 'id'])
    .execute();

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
