import type { Locale } from '@schoolloket/core';
import type { Actor, AppContext } from '../../context.js';
import type { Trx } from '../../db/database.js';
import { enqueueMail, factorsResetMail } from '../../platform/mail/index.js';
import { AppError } from '../../platform/errors/index.js';
import { deleteAdminSessions, findAdminById, findMembershipRole } from '../auth/index.js';
import * as passkeyRepo from './passkey.repository.js';
import * as repo from './repository.js';

// The policies that require a second factor (a school's and the installation's) and the reset
// of another admin's factors. Who may call these is checked by the routes (institution access
// level `manage`, platform admin); what is checked here is about the people involved.

export interface SecurityPolicy {
  requireSecondFactor: boolean;
  requiredByPlatform: boolean;
}

type AdminActor = Extract<Actor, { kind: 'admin' }>;

/** A policy switched on or off, in the history of the admin who did it (same transaction). */
function recordSwitch(
  ctx: AppContext,
  trx: Trx,
  actor: AdminActor,
  kind: string,
  institutionId: string | null,
) {
  return repo.insertSecurityEvent(trx, {
    admin_user_id: actor.id,
    kind,
    actor_id: actor.id,
    actor_name: actor.name,
    institution_id: institutionId,
    detail: {},
    created_at: ctx.now(),
  });
}

export async function schoolPolicy(
  ctx: AppContext,
  institutionId: string,
): Promise<SecurityPolicy> {
  return {
    requireSecondFactor: await repo.schoolRequiresFactor(ctx.db, institutionId),
    requiredByPlatform: await repo.platformRequiresFactor(ctx.db),
  };
}

export async function setSchoolPolicy(
  ctx: AppContext,
  institutionId: string,
  actor: AdminActor,
  on: boolean,
): Promise<SecurityPolicy> {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setSchoolRequiresFactor(trx, institutionId, on);
    await recordSwitch(
      ctx,
      trx,
      actor,
      on ? 'school_policy_on' : 'school_policy_off',
      institutionId,
    );
  });
  return schoolPolicy(ctx, institutionId);
}

export async function platformPolicy(ctx: AppContext) {
  return { requireSecondFactor: await repo.platformRequiresFactor(ctx.db) };
}

export async function setPlatformPolicy(ctx: AppContext, actor: AdminActor, on: boolean) {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setPlatformRequiresFactor(trx, on);
    await recordSwitch(ctx, trx, actor, on ? 'platform_policy_on' : 'platform_policy_off', null);
  });
  return platformPolicy(ctx);
}

/**
 * Removes every factor of another admin of this school (passkeys, app, recovery codes) and ends
 * their sessions: for an admin who lost the phone. Recorded for the person and mailed to them.
 * A platform admin's factors only a platform admin resets; one's own go through "Beveiliging".
 */
const ADMIN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A school admin resets a colleague's factors (same school; a platform admin's only if one). */
export async function resetFactors(
  ctx: AppContext,
  institutionId: string,
  actor: AdminActor,
  targetId: string,
  locale: Locale,
): Promise<void> {
  const notFound = new AppError('not_found', 'This admin does not belong to this school.');
  if (!ADMIN_ID.test(targetId)) throw notFound;
  if (targetId === actor.id)
    throw new AppError('forbidden', 'Change your own factors under Beveiliging.');
  const role = await findMembershipRole(ctx.db, targetId, institutionId);
  const target = role ? await findAdminById(ctx.db, targetId) : undefined;
  if (!target) throw notFound;
  if (target.is_platform_admin && !actor.isPlatformAdmin)
    throw new AppError(
      'forbidden',
      'Only a platform admin resets the factors of a platform admin.',
    );
  // The reset ends every session of the person, in every school they work for: a school's
  // admin decides it only for someone of no other school than those the actor manages too.
  if (!actor.isPlatformAdmin && (await repo.inSchoolsBeyond(ctx.db, targetId, actor.id)))
    throw new AppError(
      'forbidden',
      'This admin also works for another school: a platform admin resets their factors.',
    );
  await removeFactors(ctx, target, actor, institutionId, locale);
}

/** A platform admin resets anyone's factors, also of an admin who belongs to no school. */
export async function resetFactorsAsPlatform(
  ctx: AppContext,
  actor: AdminActor,
  targetId: string,
  locale: Locale,
): Promise<void> {
  if (!actor.isPlatformAdmin) throw new AppError('forbidden', 'Only a platform admin may.');
  const target = ADMIN_ID.test(targetId) ? await findAdminById(ctx.db, targetId) : undefined;
  if (!target) throw new AppError('not_found', 'There is no such admin.');
  if (targetId === actor.id)
    throw new AppError('forbidden', 'Change your own factors under Beveiliging.');
  await removeFactors(ctx, target, actor, null, locale);
}

/** Passkeys, authenticator app and recovery codes gone, sessions ended: recorded and mailed. */
async function removeFactors(
  ctx: AppContext,
  target: { id: string; name: string; email: string },
  actor: AdminActor,
  institutionId: string | null,
  locale: Locale,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteTotp(trx, target.id);
    await passkeyRepo.deletePasskeys(trx, target.id);
    await repo.deleteRecoveryCodes(trx, target.id);
    await deleteAdminSessions(trx, target.id);
    await repo.insertSecurityEvent(trx, {
      admin_user_id: target.id,
      kind: 'factors_reset',
      actor_id: actor.id,
      actor_name: actor.name,
      institution_id: institutionId,
      detail: {},
      created_at: ctx.now(),
    });
    const mail = factorsResetMail(locale, {
      name: target.name,
      email: target.email,
      by: actor.name,
      loginUrl: `${ctx.config.publicBaseUrl}/login`,
    });
    await enqueueMail(trx, ctx, { template: 'admin_factors_reset', to: target.email, ...mail });
  });
}
