import type { Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import { preparedRow } from '../../db/prepared.js';
import type { Role, SessionsTable } from '../../db/types.js';
import { countOrDelete } from '../../db/purge.js';

// Sessions of admins, students and parents: the table only auth writes (other features end
// sessions through auth's door).

export function insertSession(
  db: Database,
  row: {
    id: string;
    kind: 'admin' | 'portal';
    admin_user_id?: string | null;
    student_id?: string | null;
    co_account_slot?: number | null;
    expires_at: Date;
    second_factor_at?: Date | null;
    user_agent?: string | null;
    now: Date;
  },
) {
  return db
    .insertInto('sessions')
    .values({
      id: row.id,
      kind: row.kind,
      admin_user_id: row.admin_user_id ?? null,
      student_id: row.student_id ?? null,
      co_account_slot: row.co_account_slot ?? null,
      expires_at: row.expires_at,
      second_factor_at: row.second_factor_at ?? null,
      user_agent: row.user_agent ?? null,
      created_at: row.now,
      last_seen_at: row.now,
    })
    .execute();
}

// Every column by name, not `*` (a named prepared statement over `*` breaks when a migration adds
// a column); the check fails to compile when SessionsTable gains a column that is missing here.
const SESSION_COLUMNS = [
  'id',
  'kind',
  'admin_user_id',
  'student_id',
  'co_account_slot',
  'created_at',
  'last_seen_at',
  'expires_at',
  'second_factor_at',
  'user_agent',
  'passwords_shown',
  'password_confirmed_at',
] as const satisfies ReadonlyArray<keyof Selectable<SessionsTable>>;

const allSessionColumns: [
  Exclude<keyof Selectable<SessionsTable>, (typeof SESSION_COLUMNS)[number]>,
] extends [never]
  ? true
  : never = true;
void allSessionColumns;

// Every signed-in request reads its session: compiled once, a named prepared statement on pg.
export const findSession = preparedRow<Selectable<SessionsTable>, [id: string]>((db, param) =>
  db.selectFrom('sessions').select(SESSION_COLUMNS).where('id', '=', param(0)),
);

/** An admin's session with everything a school's route asks of it (see findAdminAccess). */
export interface AdminAccessRow extends Selectable<SessionsTable> {
  user_name: string;
  user_email: string;
  is_platform_admin: boolean;
  /** The admin's role in the school, null without a membership. */
  role: Role | null;
  /** Whether the school exists (what a platform admin's access depends on). */
  school_found: boolean;
  /** The school's data version (the student list's cache key), null before its first change. */
  data_version: string | null;
}

/**
 * The admin session `id` with its admin, role, school and data version for school `iid`. Every
 * dashboard request to a school reads them: one statement (a named prepared one on pg) instead
 * of four.
 */
export const findAdminAccess = preparedRow<AdminAccessRow, [id: string, iid: string | null]>(
  (db, param) =>
    db
      .selectFrom('sessions as s')
      .innerJoin('admin_users as u', 'u.id', 's.admin_user_id')
      .leftJoin('memberships as m', (join) =>
        join.onRef('m.admin_user_id', '=', 'u.id').on('m.institution_id', '=', param(1)),
      )
      .leftJoin('institutions as i', (join) => join.on('i.id', '=', param(1)))
      .leftJoin('data_versions as v', (join) => join.on('v.institution_id', '=', param(1)))
      .select(SESSION_COLUMNS.map((c) => `s.${c}` as const))
      .select((eb) => [
        'u.name as user_name',
        'u.email as user_email',
        'u.is_platform_admin',
        'm.role',
        eb('i.id', 'is not', null).as('school_found'),
        'v.version as data_version',
      ])
      .where('s.id', '=', param(0)),
);

export function touchSession(db: Database, id: string, now: Date) {
  return db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export function deleteSession(db: Database, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).execute();
}

/**
 * Sessions of a kind that ended before the cutoffs: past their absolute end, or idle since. A dry
 * run counts them.
 */
export async function purgeSessions(
  db: Database,
  kind: 'admin' | 'portal',
  cutoff: { expiredBefore: Date; lastSeenBefore: Date },
  dryRun: boolean,
): Promise<number> {
  return countOrDelete(
    db,
    'sessions',
    (eb) =>
      eb.and([
        eb('kind', '=', kind),
        eb.or([
          eb('expires_at', '<', cutoff.expiredBefore),
          eb('last_seen_at', '<', cutoff.lastSeenBefore),
        ]),
      ]),
    dryRun,
  );
}

/** Ends every dashboard session of one admin (a new password must lock out whoever had the old). */
export function deleteAdminSessions(db: Database, adminUserId: string) {
  return adminSessionsOf(db, adminUserId).execute();
}

/**
 * Ends the admin's dashboard sessions but `keepId` (every one without it): after a change of
 * their own factors, a session that was there before the change (a stranger's too) must log in
 * again under the new factors.
 */
export function deleteOtherAdminSessions(
  db: Database,
  adminUserId: string,
  keepId: string | undefined,
) {
  const q = adminSessionsOf(db, adminUserId);
  return (keepId === undefined ? q : q.where('id', '<>', keepId)).execute();
}

/** The dashboard sessions of one admin, to delete. */
function adminSessionsOf(db: Database, adminUserId: string) {
  return db
    .deleteFrom('sessions')
    .where('kind', '=', 'admin')
    .where('admin_user_id', '=', adminUserId);
}

/** The portal sessions on a student's account (the student's and the parents'), to delete. */
function portalSessionsOf(db: Database, sid: string) {
  return db.deleteFrom('sessions').where('kind', '=', 'portal').where('student_id', '=', sid);
}

/** Ends the portal sessions of one parent slot (revocation, new password). */
export function deleteSlotSessions(db: Database, sid: string, slot: number) {
  return portalSessionsOf(db, sid).where('co_account_slot', '=', slot).execute();
}

/** Every portal session on a student's account: the student's and the parents' (a block). */
export function deleteFamilySessions(db: Database, sid: string) {
  return portalSessionsOf(db, sid).execute();
}

/** A student's own portal sessions (not the parents'): after an admin set a new password. */
export function deleteStudentSessions(db: Database, sid: string) {
  return portalSessionsOf(db, sid).where('co_account_slot', 'is', null).execute();
}

/** After a password change, every other session of the same person ends. */
export function deleteOtherSessions(
  db: Database,
  sid: string,
  slot: number | null,
  keepId: string,
) {
  const q = portalSessionsOf(db, sid).where('id', '<>', keepId);
  return (
    slot === null ? q.where('co_account_slot', 'is', null) : q.where('co_account_slot', '=', slot)
  ).execute();
}

/**
 * A step-up: this session proved the second factor now, which also renews what it may show of
 * passwords without the factor (passwords_shown).
 */
export function markSecondFactor(db: Database, id: string, now: Date) {
  return db
    .updateTable('sessions')
    .set({ second_factor_at: now, passwords_shown: 0 })
    .where('id', '=', id)
    .execute();
}

/**
 * The admin confirmed their current password in this session ("sudo mode"): for a few minutes
 * it may add a first second factor (second-factor/policy.ts).
 */
export function markPasswordConfirmed(db: Database, id: string, now: Date) {
  return db
    .updateTable('sessions')
    .set({ password_confirmed_at: now })
    .where('id', '=', id)
    .execute();
}

/**
 * Counts `n` passwords shown by this session without a recent factor, only if the session stays
 * within `max` by it (one statement: concurrent requests cannot both pass the line). False: over.
 */
export async function spendPasswordsShown(
  db: Database,
  id: string,
  n: number,
  max: number,
): Promise<boolean> {
  const row = await db
    .updateTable('sessions')
    .set((eb) => ({ passwords_shown: eb('passwords_shown', '+', n) }))
    .where('id', '=', id)
    .where((eb) => eb(eb('passwords_shown', '+', n), '<=', max))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The live dashboard sessions of one admin, newest first. */
export function listAdminSessions(db: Database, adminUserId: string, now: Date) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'user_agent'])
    .where('kind', '=', 'admin')
    .where('admin_user_id', '=', adminUserId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Ends one session of this admin; never another admin's. */
export async function deleteAdminSession(db: Database, adminUserId: string, id: string) {
  const res = await adminSessionsOf(db, adminUserId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
