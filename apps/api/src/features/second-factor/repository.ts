import type { Database, Trx } from '../../db/database.js';

export function findTotp(db: Database, adminUserId: string) {
  return db
    .selectFrom('admin_totp')
    .selectAll()
    .where('admin_user_id', '=', adminUserId)
    .executeTakeFirst();
}

/** A new, unconfirmed secret replaces an unconfirmed one; a confirmed one is never overwritten. */
export async function putUnconfirmedTotp(
  db: Database,
  adminUserId: string,
  secretSealed: string,
  now: Date,
): Promise<boolean> {
  const res = await db
    .insertInto('admin_totp')
    .values({ admin_user_id: adminUserId, secret_sealed: secretSealed, created_at: now })
    .onConflict((oc) =>
      oc
        .column('admin_user_id')
        .doUpdateSet({ secret_sealed: secretSealed, created_at: now, last_step: null })
        .where('admin_totp.confirmed_at', 'is', null),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Records the time step of an accepted code, only if it is later than every accepted one: two
 * requests racing with the same code cannot both win.
 */
export async function useTotpStep(
  db: Database,
  adminUserId: string,
  step: number,
  confirmAt: Date | null,
): Promise<boolean> {
  let q = db
    .updateTable('admin_totp')
    .set(confirmAt ? { last_step: step, confirmed_at: confirmAt } : { last_step: step })
    .where('admin_user_id', '=', adminUserId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]));
  q = confirmAt ? q.where('confirmed_at', 'is', null) : q.where('confirmed_at', 'is not', null);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Removes the admin's authenticator app; says whether there was one and if it was confirmed. */
export async function deleteTotp(
  db: Database,
  adminUserId: string,
): Promise<{ confirmed: boolean } | undefined> {
  const row = await db
    .deleteFrom('admin_totp')
    .where('admin_user_id', '=', adminUserId)
    .returning('confirmed_at')
    .executeTakeFirst();
  return row && { confirmed: row.confirmed_at !== null };
}

export async function hasConfirmedTotp(db: Database, adminUserId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('admin_totp')
    .select('admin_user_id')
    .where('admin_user_id', '=', adminUserId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst());
}

export async function platformRequiresFactor(db: Database): Promise<boolean> {
  const row = await db
    .selectFrom('platform_settings')
    .select('require_second_factor')
    .executeTakeFirst();
  return row?.require_second_factor ?? false;
}

/** Whether any school the admin belongs to requires a second factor of its admins and helpdesk. */
export async function anySchoolRequiresFactor(db: Database, adminUserId: string) {
  return !!(await db
    .selectFrom('memberships')
    .innerJoin('institutions', 'institutions.id', 'memberships.institution_id')
    .select('institutions.id')
    .where('memberships.admin_user_id', '=', adminUserId)
    .where('institutions.require_second_factor', '=', true)
    .executeTakeFirst());
}

/** A new set of recovery codes replaces every earlier one, used or not. */
export async function replaceRecoveryCodes(
  trx: Trx,
  adminUserId: string,
  hashes: string[],
  now: Date,
): Promise<void> {
  await trx.deleteFrom('admin_recovery_codes').where('admin_user_id', '=', adminUserId).execute();
  await trx
    .insertInto('admin_recovery_codes')
    .values(hashes.map((code_hash) => ({ admin_user_id: adminUserId, code_hash, created_at: now })))
    .execute();
}

/**
 * Spends one recovery code with a single conditional UPDATE: of concurrent requests with the
 * same code exactly one sees a row.
 */
export async function useRecoveryCode(
  db: Database,
  adminUserId: string,
  codeHash: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('admin_recovery_codes')
    .set({ used_at: now })
    .where('admin_user_id', '=', adminUserId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

export async function countUnusedRecoveryCodes(db: Database, adminUserId: string) {
  const row = await db
    .selectFrom('admin_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('admin_user_id', '=', adminUserId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function deleteRecoveryCodes(db: Database, adminUserId: string) {
  return db.deleteFrom('admin_recovery_codes').where('admin_user_id', '=', adminUserId).execute();
}

export async function insertSecurityEvent(
  db: Database,
  row: {
    admin_user_id: string;
    kind: string;
    actor_id: string | null;
    actor_name: string | null;
    institution_id: string | null;
    detail: Record<string, unknown>;
    created_at: Date;
  },
): Promise<void> {
  await db
    .insertInto('admin_security_events')
    .values({ ...row, detail: JSON.stringify(row.detail) })
    .execute();
}

export function listSecurityEvents(db: Database, adminUserId: string, limit: number) {
  return db
    .selectFrom('admin_security_events')
    .select(['id', 'kind', 'actor_name', 'institution_id', 'detail', 'created_at'])
    .where('admin_user_id', '=', adminUserId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function schoolRequiresFactor(db: Database, institutionId: string) {
  const row = await db
    .selectFrom('institutions')
    .select('require_second_factor')
    .where('id', '=', institutionId)
    .executeTakeFirst();
  return row?.require_second_factor ?? false;
}

export async function setSchoolRequiresFactor(db: Database, institutionId: string, on: boolean) {
  await db
    .updateTable('institutions')
    .set({ require_second_factor: on })
    .where('id', '=', institutionId)
    .execute();
}

export async function setPlatformRequiresFactor(db: Database, on: boolean) {
  await db.updateTable('platform_settings').set({ require_second_factor: on }).execute();
}

/** Whether `targetId` belongs to a school where `actorId` is not an admin. */
export async function inSchoolsBeyond(
  db: Database,
  targetId: string,
  actorId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('memberships as m')
    .select('m.institution_id')
    .where('m.admin_user_id', '=', targetId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('memberships as own')
            .select('own.institution_id')
            .whereRef('own.institution_id', '=', 'm.institution_id')
            .where('own.admin_user_id', '=', actorId)
            .where('own.role', '=', 'admin'),
        ),
      ),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
