import type { Database } from '../../db/database.js';
import { preparedRow } from '../../db/prepared.js';
import type { Role } from '../../db/types.js';
import { countOrDelete } from '../../db/purge.js';

export {
  deleteAdminSession,
  deleteAdminSessions,
  deleteOtherAdminSessions,
  deleteOtherSessions,
  deleteSession,
  deleteFamilySessions,
  deleteSlotSessions,
  deleteStudentSessions,
  findAdminAccess,
  findSession,
  insertSession,
  listAdminSessions,
  markPasswordConfirmed,
  markSecondFactor,
  spendPasswordsShown,
  purgeSessions,
  touchSession,
} from './sessions.repository.js';

export function findAdminByEmail(db: Database, email: string) {
  return db
    .selectFrom('admin_users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export function findAdminById(db: Database, id: string) {
  return db.selectFrom('admin_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listMemberships(db: Database, adminUserId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('institutions', 'institutions.id', 'memberships.institution_id')
    .select(['institutions.id', 'institutions.name', 'memberships.role'])
    .where('memberships.admin_user_id', '=', adminUserId)
    .orderBy('institutions.name')
    .execute();
}

export async function findMembershipRole(
  db: Database,
  adminUserId: string,
  institutionId: string,
): Promise<Role | undefined> {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('admin_user_id', '=', adminUserId)
    .where('institution_id', '=', institutionId)
    .executeTakeFirst();
  return row?.role;
}

export function setAdminLastLogin(db: Database, id: string, now: Date) {
  return db.updateTable('admin_users').set({ last_login_at: now }).where('id', '=', id).execute();
}

/**
 * The API-key check of every keyed request, as a Kysely query with `param(0)` for the token's
 * hash (exported for the bench's bare baseline, which runs this same statement).
 */
export const apiKeyWithVersionQuery = (db: Database, param: (i: number) => string) =>
  db
    .selectFrom('api_keys as k')
    .leftJoin('data_versions as v', 'v.institution_id', 'k.institution_id')
    .select([
      'k.id',
      'k.name',
      'k.institution_id',
      'k.scope',
      'k.last_used_at',
      'v.version as data_version',
      'k.rate_limit_per_minute',
    ])
    .where('k.token_hash', '=', param(0))
    .where('k.revoked_at', 'is', null);

/**
 * The live key with this hash, and its school's data version read in the same statement (null
 * before the school's first change): a list request then needs no round trip of its own for the
 * version. One shape, compiled once, a prepared statement on pg.
 */
export const findApiKeyByHash = preparedRow<
  {
    id: string;
    name: string;
    institution_id: string;
    scope: 'read' | 'read-write';
    last_used_at: Date | null;
    data_version: string | null;
    rate_limit_per_minute: number | null;
  },
  [hash: string]
>(apiKeyWithVersionQuery);

/** Records use at most once a minute: a busy integration must not queue on this one row. */
export function touchApiKey(db: Database, id: string, now: Date) {
  const minuteAgo = new Date(now.getTime() - 60_000);
  return db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', minuteAgo)]))
    .execute();
}

export function listInstitutionNames(db: Database) {
  return db.selectFrom('institutions').select(['id', 'name']).orderBy('name').execute();
}

export function insertPending(
  db: Database,
  row: { id: string; admin_user_id: string; setup: boolean; now: Date; expires_at: Date },
) {
  return db
    .insertInto('login_pending')
    .values({
      id: row.id,
      admin_user_id: row.admin_user_id,
      setup: row.setup,
      created_at: row.now,
      expires_at: row.expires_at,
    })
    .execute();
}

export function findPending(db: Database, id: string, now: Date) {
  return db
    .selectFrom('login_pending')
    .selectAll()
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * One more attempt of a live pending login, if it has one left below `max`: the attempts it has
 * made now, or undefined (none left, expired or gone). One statement, so that concurrent
 * requests each get an attempt of their own.
 */
export async function takePendingAttempt(
  db: Database,
  id: string,
  max: number,
  now: Date,
): Promise<number | undefined> {
  const row = await db
    .updateTable('login_pending')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('attempts', '<', max)
    .where('expires_at', '>', now)
    .returning('attempts')
    .executeTakeFirst();
  return row?.attempts;
}

/** Ends a pending login; true for the one caller that ended it. */
export async function deletePending(db: Database, id: string): Promise<boolean> {
  const res = await db.deleteFrom('login_pending').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

/** Pending second-factor logins that expired before `expiredBefore` (the purge-sessions job). */
export function purgePending(db: Database, expiredBefore: Date, dryRun: boolean): Promise<number> {
  return countOrDelete(db, 'login_pending', (eb) => eb('expires_at', '<', expiredBefore), dryRun);
}
