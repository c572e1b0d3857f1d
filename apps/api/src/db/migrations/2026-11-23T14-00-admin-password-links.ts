import { sql, type Kysely } from 'kysely';

// Frozen. Links that let a school admin set a password (invitation, forgotten password). They
// belong to a person, not to a student: `admin_user_id` names the admin (deleting the admin
// deletes the links), and `institution_id` becomes optional because a reset link is not tied to
// a school (a platform admin may have no school at all). An invitation keeps its school.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tokens')
    .alterColumn('institution_id', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('tokens')
    .addColumn('admin_user_id', 'uuid', (c) => c.references('admin_users.id').onDelete('cascade'))
    .execute();
  // Every link still belongs to someone: a school's student, or an admin.
  await db.schema
    .alterTable('tokens')
    .addCheckConstraint(
      'tokens_owner_check',
      sql`institution_id is not null or admin_user_id is not null`,
    )
    .execute();
  await db.schema
    .createIndex('tokens_admin_user_idx')
    .on('tokens')
    .columns(['admin_user_id', 'purpose'])
    .where(sql.ref('admin_user_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('tokens').where('admin_user_id', 'is not', null).execute();
  await db.schema.dropIndex('tokens_admin_user_idx').execute();
  await db.schema.alterTable('tokens').dropConstraint('tokens_owner_check').execute();
  await db.schema.alterTable('tokens').dropColumn('admin_user_id').execute();
  await db.schema
    .alterTable('tokens')
    .alterColumn('institution_id', (c) => c.setNotNull())
    .execute();
}
