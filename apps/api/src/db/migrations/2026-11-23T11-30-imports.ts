import { sql, type Kysely } from 'kysely';
import { createIndex, createTableWithUuidKey, createdBy, ownedBy } from '../migration-builders.js';

// Frozen: never edit a migration that has shipped; add a new file instead.
// Student list imports: one row per upload (preview, then commit) or API sync, and the planned
// changes of a preview, one row each, so the dashboard can page through them by kind.
export async function up(db: Kysely<any>): Promise<void> {
  await createTableWithUuidKey(db, 'imports')
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
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
    .$call(createdBy)
    .addColumn('committed_at', 'timestamptz')
    .addColumn('committed_by_kind', 'text')
    .addColumn('committed_by_name', 'text')
    .execute();
  await createIndex(db, 'imports_institution_created_idx', 'imports', [
    'institution_id',
    'created_at',
  ]);

  await db.schema
    .createTable('import_items')
    .addColumn('import_id', 'uuid', ownedBy('imports.id'))
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
  await createIndex(db, 'import_items_kind_idx', 'import_items', ['import_id', 'kind', 'seq']);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_items').execute();
  await db.schema.dropTable('imports').execute();
}
