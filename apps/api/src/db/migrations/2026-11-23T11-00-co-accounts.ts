import { sql, type Kysely } from 'kysely';
import {
  createIndex,
  createTableWithUuidKey,
  defaultNow,
  ownedBy,
  timestamps,
} from '../migration-builders.js';

// Frozen: never edit a migration that has shipped; add a new file instead.
// Co-accounts (parent slots), single-use tokens, the mail outbox and login throttling counters.
export async function up(db: Kysely<any>): Promise<void> {
  // A row exists once something happened to a slot (registered by an admin, invited, activated,
  // revoked); the registered e-mail itself lives in students.parent_emails[slot].
  await db.schema
    .createTable('co_accounts')
    .addColumn('student_id', 'uuid', ownedBy('students.id'))
    .addColumn('slot', 'integer', (c) => c.notNull().check(sql`slot between 1 and 10`))
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('email', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('registered', 'invited', 'active', 'revoked')`),
    )
    .addColumn('invited_at', 'timestamptz')
    .addColumn('activated_at', 'timestamptz')
    .addColumn('password_changed_at', 'timestamptz')
    .addColumn('agreement_version', 'text')
    .addColumn('agreement_accepted_at', 'timestamptz')
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .$call(timestamps)
    .addPrimaryKeyConstraint('co_accounts_pkey', ['student_id', 'slot'])
    .execute();
  await createIndex(db, 'co_accounts_institution_idx', 'co_accounts', ['institution_id', 'state']);

  // Links mailed to people. Only the SHA-256 of the token is stored; used_at is set by one atomic
  // UPDATE, revoked_at when a newer link supersedes it or the slot changes.
  await createTableWithUuidKey(db, 'tokens')
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('student_id', 'uuid', (c) => c.references('students.id').onDelete('cascade'))
    .addColumn('slot', 'integer')
    .addColumn('email', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await createIndex(db, 'tokens_subject_idx', 'tokens', ['student_id', 'slot', 'purpose']);

  // Transactional outbox: written in the same transaction as the change that causes the mail.
  // The message is sealed (AES-GCM): activation links are credentials.
  await createTableWithUuidKey(db, 'outbox')
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('message_enc', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', defaultNow)
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('logged_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', defaultNow)
    .execute();
  await db.schema
    .createIndex('outbox_due_idx')
    .on('outbox')
    .column('next_attempt_at')
    .where(sql.ref('sent_at'), 'is', null)
    .execute();

  // Failed-login counters per canonical username (also unknown ones) and per client address.
  await db.schema
    .createTable('login_throttles')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lockouts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_failure_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['login_throttles', 'outbox', 'tokens', 'co_accounts']) {
    await db.schema.dropTable(t).execute();
  }
}
