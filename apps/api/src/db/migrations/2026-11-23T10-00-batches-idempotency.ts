import { sql, type Kysely } from 'kysely';
import {
  createIndex,
  createTableWithUuidKey,
  createdBy,
  defaultNow,
  ownedBy,
} from '../migration-builders.js';

// Frozen: never edit a migration that has shipped; add a new file instead.
export async function up(db: Kysely<any>): Promise<void> {
  await createTableWithUuidKey(db, 'batches')
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('student_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('basic_count', 'integer', (c) => c.notNull())
    .addColumn('advanced_count', 'integer', (c) => c.notNull())
    .$call(createdBy)
    .execute();
  await createIndex(db, 'batches_institution_idx', 'batches', ['institution_id', 'created_at']);

  // One row per Idempotency-Key and school. While the request runs it holds the progress; after
  // it, the answer (encrypted: it contains passwords) so a retry gets exactly the same answer.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('processing', 'done')`))
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('response_status', 'integer')
    .addColumn('response_enc', 'text')
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['institution_id', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('batches').execute();
}
