import type { Database } from '../../db/database.js';

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

export function deleteTotp(db: Database, adminUserId: string) {
  return db.deleteFrom('admin_totp').where('admin_user_id', '=', adminUserId).execute();
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
