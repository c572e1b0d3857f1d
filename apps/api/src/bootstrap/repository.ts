import type { Insertable } from 'kysely';
import type { Database } from '../db/database.js';
import type {
  AdminUsersTable,
  InstitutionsTable,
  MembershipsTable,
  StudentsTable,
} from '../db/types.js';

// Start-up writes: the platform admin and the demo data, each before any request is served.

export function findPlatformAdmin(db: Database) {
  return db
    .selectFrom('admin_users')
    .select('id')
    .where('is_platform_admin', '=', true)
    .executeTakeFirst();
}

export function findAdminIdByEmail(db: Database, email: string) {
  return db
    .selectFrom('admin_users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export function makePlatformAdmin(db: Database, id: string) {
  return db
    .updateTable('admin_users')
    .set({ is_platform_admin: true })
    .where('id', '=', id)
    .execute();
}

export function insertAdminUser(db: Database, values: Insertable<AdminUsersTable>) {
  return db.insertInto('admin_users').values(values).returning('id').executeTakeFirstOrThrow();
}

export function anyInstitution(db: Database) {
  return db.selectFrom('institutions').select('id').limit(1).executeTakeFirst();
}

export function insertInstitution(db: Database, values: Insertable<InstitutionsTable>) {
  return db.insertInto('institutions').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertMemberships(db: Database, rows: Insertable<MembershipsTable>[]) {
  return db.insertInto('memberships').values(rows).execute();
}

export function insertStudents(db: Database, rows: Insertable<StudentsTable>[]) {
  return db.insertInto('students').values(rows).execute();
}
