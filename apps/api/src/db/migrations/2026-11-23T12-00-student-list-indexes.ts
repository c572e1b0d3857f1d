import type { Kysely } from 'kysely';
import { createIndex } from '../migration-builders.js';

// Frozen. The dashboard's usual page: one group, sorted by name. With the group and the sort
// columns in one index, the page is read in order and stops after 50 rows instead of sorting.
export async function up(db: Kysely<any>): Promise<void> {
  await createIndex(db, 'students_group_name_sort_idx', 'students', [
    'institution_id',
    'group_name',
    'last_name',
    'first_name',
    'id',
  ]);
  await createIndex(db, 'students_name_sort_idx', 'students', [
    'institution_id',
    'last_name',
    'first_name',
    'id',
  ]);
  await db.schema.dropIndex('students_institution_name_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await createIndex(db, 'students_institution_name_idx', 'students', [
    'institution_id',
    'last_name',
    'first_name',
  ]);
  await db.schema.dropIndex('students_name_sort_idx').execute();
  await db.schema.dropIndex('students_group_name_sort_idx').execute();
}
