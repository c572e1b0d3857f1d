import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new file instead.
// Student list imports: one row per upload (preview, then commit) or API sync, and the planned
// changes of a preview, one row each, so the dashboard can page through them by kind.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('institution_id', 'uuid', (c) =>
      c.notNull().references('institutions.id').onDelete('cascade'),
    )
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('upload', 'api')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('previewed', 'committed', 'superseded')`),
    )
    .addColumn('file_name', 'text')
    .addColumn('file_size', 'integer')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text')
    .addColumn('delimiter', 'text')
    .addColumn('sheet_name', 'text')
    .addColumn('header_row', 'integer')
    .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('columns', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('fingerprint', 'text')
    .addColumn('leavers', 'text', (c) => c.check(sql`leavers in ('end', 'keep')`))
    .addColumn('leavers_end_date', 'date')
    .addColumn('summary', 'jsonb')
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('committed_at', 'timestamptz')
    .addColumn('committed_by_kind', 'text')
    .addColumn('committed_by_name', 'text')
    .execute();
  await db.schema
    .createIndex('imports_institution_created_idx')
    .on('imports')
    .columns(['institution_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('import_items')
    .addColumn('import_id', 'uuid', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('create', 'update', 'unchanged', 'leaving', 'error')`),
    )
    .addColumn('row_number', 'integer')
    .addColumn('stamnummer', 'text')
    .addColumn('student_id', 'uuid', (c) => c.references('students.id').onDelete('set null'))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_items_pkey', ['import_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('import_items_kind_idx')
    .on('import_items')
    .columns(['import_id', 'kind', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_items').execute();
  await db.schema.dropTable('imports').execute();
}
