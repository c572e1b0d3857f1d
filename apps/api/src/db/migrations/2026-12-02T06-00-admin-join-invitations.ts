import { sql, type Kysely } from 'kysely';
import { createTableWithUuidKey, ownedBy } from '../migration-builders.js';

// Frozen. A school that adds the e-mail address of someone who already has a user (an admin of
// another school) must not join them silently nor learn anything about them: it gets a join
// invitation, which that person accepts through a mailed link (tokens, purpose `admin_join`).
// The row keeps what the inviting school typed (address, name, role), so the school's list shows
// its own words and never the other user's.
export async function up(db: Kysely<any>): Promise<void> {
  await createTableWithUuidKey(db, 'admin_join_invitations')
    .addColumn('institution_id', 'uuid', ownedBy('institutions.id'))
    .addColumn('admin_user_id', 'uuid', ownedBy('admin_users.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'helpdesk')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('admin_join_invitations_school_user_key', [
      'institution_id',
      'admin_user_id',
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('tokens').where('purpose', '=', 'admin_join').execute();
  await db.schema.dropTable('admin_join_invitations').execute();
}
