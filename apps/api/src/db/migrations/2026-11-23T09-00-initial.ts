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

// Frozen: never edit a migration that has shipped; add a new file instead.
export async function up(db: Kysely<any>): Promise<void> {
  await createTableWithUuidKey(db, 'institutions')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('nl'))
    .addColumn('co_account_slots', 'integer', (c) => c.notNull().defaultTo(2))
    .addColumn('picture_password_length', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('temporary_password_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('helpdesk_email', 'text')
    .addColumn('helpdesk_phone', 'text')
    .addColumn('created_at', 'timestamptz', defaultNow)
    .execute();

  await createTableWithUuidKey(db, 'admin_users')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('is_platform_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addColumn('last_login_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('admin_users_email_key')
    .on('admin_users')
    .expression(sql`lower(email)`)
    .unique()
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('admin_user_id', 'uuid', ownedBy('admin_users.id'))
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'helpdesk')`))
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addPrimaryKeyConstraint('memberships_pkey', ['admin_user_id', 'institution_id'])
    .execute();
  await createIndex(db, 'memberships_institution_idx', 'memberships', ['institution_id']);

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha-256 of the cookie token, never the token
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('admin', 'portal')`))
    .addColumn('admin_user_id', 'uuid', (c) => c.references('admin_users.id').onDelete('cascade'))
    .addColumn('student_id', 'uuid')
    .addColumn('co_account_slot', 'integer')
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addColumn('last_seen_at', 'timestamptz', defaultNow)
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await createIndex(db, 'sessions_expires_idx', 'sessions', ['expires_at']);

  await createTableWithUuidKey(db, 'api_keys')
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('read', 'read-write')`))
    .addColumn('created_by', 'uuid', (c) => c.references('admin_users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await createTableWithUuidKey(db, 'students')
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('stamnummer', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('official_first_name', 'text')
    .addColumn('official_last_name', 'text')
    .addColumn('gender', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('enrolled_until', 'date')
    .addColumn('parent_emails', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('locale', 'text')
    // Accent- and case-folded "stamnummer first last" so search needs no unaccent extension.
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .$call(timestamps)
    .addUniqueConstraint('students_institution_stamnummer_key', ['institution_id', 'stamnummer'])
    .execute();
  await createIndex(db, 'students_institution_name_idx', 'students', [
    'institution_id',
    'last_name',
    'first_name',
  ]);
  await createIndex(db, 'students_institution_group_idx', 'students', [
    'institution_id',
    'group_name',
  ]);

  // Every username ever issued; the primary key makes a username unique across the whole
  // installation and across time (never reissued, even after the account is gone).
  await db.schema
    .createTable('usernames')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('institution_id', 'uuid', (c) => c.notNull())
    .addColumn('student_id', 'uuid')
    .addColumn('issued_at', 'timestamptz', defaultNow)
    .addColumn('released_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('student_id', 'uuid', (c) =>
      c.primaryKey().references('students.id').onDelete('cascade'),
    )
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('username', 'text', (c) => c.notNull().unique().references('usernames.username'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('basic', 'advanced')`))
    .addColumn('password_kind', 'text', (c) =>
      c.notNull().check(sql`password_kind in ('picture', 'word', 'temporary', 'own')`),
    )
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text') // AES-256-GCM; only while the secret must stay reprintable
    .addColumn('must_change', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('temporary_expires_at', 'timestamptz')
    .addColumn('email', 'text')
    .addColumn('blocked_at', 'timestamptz')
    .addColumn('blocked_reason', 'text')
    .$call(timestamps)
    .addColumn('last_login_at', 'timestamptz')
    .execute();
  await createIndex(db, 'accounts_institution_idx', 'accounts', ['institution_id']);

  await createHistoryTable(db, 'account_events')
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('student_id', 'uuid', ownedBy('students.id'))
    .$call(eventColumns)
    .execute();
  await createIndex(db, 'account_events_student_idx', 'account_events', ['student_id', 'id']);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'account_events',
    'accounts',
    'usernames',
    'students',
    'api_keys',
    'sessions',
    'memberships',
    'admin_users',
    'institutions',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
