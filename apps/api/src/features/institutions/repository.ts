import type { DB } from '../../db/types.js';
import type { Transaction } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { InstitutionsTable, Role } from '../../db/types.js';

export function listAll(db: Database) {
  return db.selectFrom('institutions').selectAll().orderBy('name').execute();
}

export function listForAdmin(db: Database, adminUserId: string) {
  return db
    .selectFrom('institutions')
    .innerJoin('memberships', 'memberships.institution_id', 'institutions.id')
    .selectAll('institutions')
    .where('memberships.admin_user_id', '=', adminUserId)
    .orderBy('institutions.name')
    .execute();
}

export function findById(db: Database, id: string) {
  return db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** For routes whose access guard has already proved the school exists. */
export function getById(db: Database, id: string) {
  return db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function insert(db: Database, values: Insertable<InstitutionsTable>) {
  return db.insertInto('institutions').values(values).returningAll().executeTakeFirstOrThrow();
}

export function update(db: Database, id: string, values: Updateable<InstitutionsTable>) {
  return db
    .updateTable('institutions')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An admin or helpdesk user as a member of one school. */
const MEMBER_COLUMNS = [
  'admin_users.id',
  'admin_users.email',
  'admin_users.name',
  'admin_users.password_hash',
  'admin_users.last_login_at',
  'memberships.role',
] as const;

/** The school's members joined to their users (listed or locked below). */
const members = (db: Database, institutionId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('admin_users', 'admin_users.id', 'memberships.admin_user_id')
    .select(MEMBER_COLUMNS)
    .where('memberships.institution_id', '=', institutionId);

export function listAdmins(db: Database, institutionId: string) {
  return members(db, institutionId).orderBy('admin_users.name').execute();
}

export function insertAdminUser(
  db: Database,
  values: {
    email: string;
    name: string;
    password_hash: string | null;
    is_platform_admin?: boolean;
  },
) {
  return db.insertInto('admin_users').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Makes an admin a member of a school. An existing membership takes `role`, or on 'keep role'
 * keeps its own (accepting a join invitation never changes a role).
 */
export function upsertMembership(
  db: Database,
  adminUserId: string,
  institutionId: string,
  role: Role,
  existing: 'set role' | 'keep role' = 'set role',
) {
  return db
    .insertInto('memberships')
    .values({ admin_user_id: adminUserId, institution_id: institutionId, role })
    .onConflict((oc) => {
      const membership = oc.columns(['admin_user_id', 'institution_id']);
      return existing === 'keep role' ? membership.doNothing() : membership.doUpdateSet({ role });
    })
    .execute();
}

/** One admin or helpdesk user of a school, locked for the transaction; undefined if not a member. */
export function lockAdminOfInstitution(
  trx: Transaction<DB>,
  institutionId: string,
  adminUserId: string,
) {
  return members(trx, institutionId)
    .where('memberships.admin_user_id', '=', adminUserId)
    .forUpdate()
    .executeTakeFirst();
}
