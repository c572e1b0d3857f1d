import type { Database } from '../../db/database.js';

export function setStudentLastLogin(db: Database, sid: string, now: Date) {
  return db
    .updateTable('accounts')
    .set({ last_login_at: now })
    .where('student_id', '=', sid)
    .execute();
}

/**
 * The student's own password replaces the temporary one (it can no longer be reprinted), only
 * if the stored one is still `previous` (the one the request checked): of two changes at the
 * same moment only the first is written. True when written.
 */
export async function setStudentPassword(
  db: Database,
  sid: string,
  hash: string,
  previous: string,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('accounts')
    .set({
      password_hash: hash,
      password_kind: 'own',
      must_change: false,
      secret_enc: null,
      temporary_expires_at: null,
      updated_at: now,
    })
    .where('student_id', '=', sid)
    .where('type', '=', 'advanced')
    .where('password_hash', '=', previous)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export function setStudentEmail(db: Database, sid: string, email: string, now: Date) {
  return db
    .updateTable('accounts')
    .set({ email, updated_at: now })
    .where('student_id', '=', sid)
    .execute();
}

/** A parent's own password, on the same terms as setStudentPassword. */
export async function setParentPassword(
  db: Database,
  sid: string,
  slot: number,
  hash: string,
  previous: string,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('co_accounts')
    .set({ password_hash: hash, password_changed_at: now, updated_at: now })
    .where('student_id', '=', sid)
    .where('slot', '=', slot)
    .where('state', '=', 'active')
    .where('password_hash', '=', previous)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Co-account slots of a school that has not chosen otherwise. */
const DEFAULT_SLOTS = 2;

/**
 * The most co-account slots any school of this installation has: every portal login verifies
 * that many parent credentials (plus the student's), known username or not, so the time a login
 * takes says nothing about the school of a username.
 */
export async function maxCoAccountSlots(db: Database): Promise<number> {
  const row = await db
    .selectFrom('institutions')
    .select((eb) => eb.fn.max('co_account_slots').as('slots'))
    .executeTakeFirst();
  return Math.max(DEFAULT_SLOTS, Number(row?.slots ?? DEFAULT_SLOTS));
}
