import type { Actor, AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import { spendPasswordsShown } from '../auth/index.js';
import * as passkeyRepo from './passkey.repository.js';
import * as repo from './repository.js';

export type FactorMethod = 'passkey' | 'totp';

/** The second factors an admin can log in with; empty when none is set up. */
export async function methodsOf(ctx: AppContext, adminUserId: string): Promise<FactorMethod[]> {
  const methods: FactorMethod[] = [];
  if (await passkeyRepo.hasAnyPasskey(ctx.db, adminUserId)) methods.push('passkey');
  if (await repo.hasConfirmedTotp(ctx.db, adminUserId)) methods.push('totp');
  return methods;
}

/**
 * Whether this admin must have a second factor: the installation requires one of every admin
 * and helpdesk user, or a school they belong to requires one of its own.
 */
export async function factorRequired(ctx: AppContext, adminUserId: string): Promise<boolean> {
  return (
    (await repo.platformRequiresFactor(ctx.db)) ||
    (await repo.anySchoolRequiresFactor(ctx.db, adminUserId))
  );
}

/** How long a session's second factor counts for sensitive actions (step-up). */
export const STEP_UP_MS = 15 * 60_000;

/**
 * More passwords than a class in one file or screen (a year, a whole school, however the
 * selection is written) is a mass export: a sensitive action, as exporting the whole school is.
 * A class, or a few lost cards, are not (found by an outside test: a status filter, every id or a
 * whole-school batch exported every password without the factor).
 */
export const MASS_EXPORT = 50;

/**
 * Sensitive actions of an admin with a second factor need it done within STEP_UP_MS by this
 * session; the dashboard answers the 403 by asking for the factor (POST /auth/step-up/…) and
 * retrying. An admin without any factor has nothing to step up with (the policy decides whether
 * they must have one); API keys are not people and pass.
 */
export async function assertRecentFactor(ctx: AppContext, actor: Actor): Promise<void> {
  if (actor.kind !== 'admin') return;
  if (await recentFactorDone(ctx, actor)) return;
  // Without any factor there is nothing to step up with; but where the policy requires one, a
  // session from before it was switched on must not go on doing sensitive things without it.
  if (await factorRequired(ctx, actor.id))
    throw new AppError(
      'second_factor_setup_required',
      'A second factor is required: set up a passkey or an authenticator app first.',
    );
}

/**
 * Passwords shown or printed again (a reprint, a batch shown again): `selected` students at once,
 * of whom `shown` have a password to show. More than MASS_EXPORT at once need a recent factor.
 * Fewer count against the session: without a recent factor a session shows at most MASS_EXPORT
 * passwords since its last factor, however it splits its selections (found by an outside test: a
 * whole school could be printed class by class), then it is asked for the factor, which renews
 * the allowance (markSecondFactor). What a session shows with a recent factor does not count. An
 * admin without any factor and API keys pass, as for every step-up.
 */
export async function assertMayShowPasswords(
  ctx: AppContext,
  actor: Actor,
  selected: number,
  shown: number,
): Promise<void> {
  if (actor.kind !== 'admin') return;
  if (selected > MASS_EXPORT) return assertRecentFactor(ctx, actor);
  if (shown === 0) return;
  const at = actor.secondFactorAt;
  if (at && ctx.now().getTime() - at.getTime() <= STEP_UP_MS) return;
  if (actor.sessionId && (await spendPasswordsShown(ctx.db, actor.sessionId, shown, MASS_EXPORT)))
    return;
  await assertRecentFactor(ctx, actor);
}

/** How long a password confirmed by a session lets it add the admin's first factor. */
export const PASSWORD_CONFIRMATION_MS = 10 * 60_000;

/**
 * Adding or removing one's own factors. With a factor already, this session must have done it
 * within STEP_UP_MS (403 step_up_required). Without any, it must have confirmed the password
 * within PASSWORD_CONFIRMATION_MS (403 password_confirmation_required; POST
 * /me/security/confirm-password), "sudo mode": the session cookie alone (an unlocked office PC,
 * a leaked cookie) once added an intruder's passkey, which then logged in from anywhere, outlived
 * a password reset and locked the real admin out (found by an outside review). A factor done
 * recently counts too: it proves more than the password.
 */
export async function assertMayChangeFactors(ctx: AppContext, actor: Actor): Promise<void> {
  if (actor.kind !== 'admin') return;
  if (await recentFactorDone(ctx, actor)) return;
  const at = actor.passwordConfirmedAt;
  if (at && ctx.now().getTime() - at.getTime() <= PASSWORD_CONFIRMATION_MS) return;
  throw new AppError(
    'password_confirmation_required',
    'Confirm your password to set up a second factor.',
  );
}

/**
 * True when this session did the factor within STEP_UP_MS, false when the admin has no factor;
 * otherwise throws step_up_required with the admin's methods.
 */
async function recentFactorDone(
  ctx: AppContext,
  actor: Extract<Actor, { kind: 'admin' }>,
): Promise<boolean> {
  const at = actor.secondFactorAt;
  if (at && ctx.now().getTime() - at.getTime() <= STEP_UP_MS) return true;
  const methods = await methodsOf(ctx, actor.id);
  if (methods.length === 0) return false;
  throw new AppError(
    'step_up_required',
    'Confirm it is you with your second factor to do this.',
    undefined,
    { methods },
  );
}
