import type { Locale } from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import type { Me } from './schemas.js';
import { ADMIN_IP_POLICY, adminIpKey, adminKey } from '../../platform/throttles/index.js';
import {
  admitted,
  guarded,
  refused,
  type Gate,
  type GateSpec,
} from '../../platform/throttles/index.js';
import * as secondFactor from '../second-factor/index.js';
import type { FactorMethod, TotpSetup } from '../second-factor/index.js';
import { consumePending, dropPending, openPending, startPending, takeAttempt } from './pending.js';
import * as repo from './repository.js';
import { createSession } from './sessions.js';

export interface Client {
  ip: string;
  deviceCookie: string | undefined;
  userAgent?: string | undefined;
}

/** One gate for the password and the second factor: both count against the same lockout. */
export function adminGate(email: string, ip: string): GateSpec {
  const key = adminKey(email);
  return {
    realm: 'admin',
    name: key,
    nameKey: key,
    ipKey: adminIpKey(ip),
    ipPolicy: ADMIN_IP_POLICY,
  };
}

export type LoginResult =
  | { kind: 'session'; token: string; deviceCookie: string; me: Me }
  | {
      kind: 'pending';
      pendingToken: string;
      methods: FactorMethod[];
      setupRequired: boolean;
    };

/**
 * POST /auth/login. Unknown addresses cost one verification too and get the same 401. Failures
 * from a browser with a device cookie for this address count against that browser; those of
 * untrusted clients per e-mail address (known or not, so a lock tells nothing either) and per
 * client address. An admin with a second factor (or one that must set one up) gets a pending
 * login instead of a session; the lockout counters are cleared only when the factor is done.
 */
export async function login(
  ctx: AppContext,
  email: string,
  password: string,
  client: Client,
): Promise<LoginResult> {
  const now = ctx.now();
  return guarded(ctx, adminGate(email, client.ip), client.deviceCookie, async (gate) => {
    const user = await repo.findAdminByEmail(ctx.db, email.trim());
    const ok = user?.password_hash
      ? await ctx.hasher.verify(user.password_hash, password)
      : await ctx.hasher.verifyDummy(password);
    if (!user || !ok) {
      await refused(ctx, gate);
      throw new AppError('invalid_credentials', 'E-mail address or password is incorrect.');
    }
    const methods = await secondFactor.methodsOf(ctx, user.id);
    const setupRequired = methods.length === 0 && (await secondFactor.factorRequired(ctx, user.id));
    if (methods.length > 0 || setupRequired) {
      // The password was right: the attempt is given back, and counters stay until the factor.
      const pendingToken = await startPending(ctx, user.id, setupRequired);
      return { kind: 'pending', pendingToken, methods, setupRequired };
    }
    const deviceCookie = await admitted(ctx, gate, 'a', client.deviceCookie);
    await repo.setAdminLastLogin(ctx.db, user.id, now);
    const session = await createSession(
      ctx,
      'admin',
      { adminUserId: user.id },
      { userAgent: client.userAgent },
    );
    return { kind: 'session', token: session.token, deviceCookie, me: await me(ctx, user.id) };
  });
}

/**
 * The second step of a login, whatever the factor: `check` proves it. A wrong answer counts
 * against the same lockout as a wrong password, and a pending login dies after a few.
 */
export async function finishLogin(
  ctx: AppContext,
  pendingToken: string | undefined,
  client: Client,
  check: (user: AdminRow, setup: boolean, pendingId: string) => Promise<boolean>,
  refusal = () => new AppError('invalid_code', 'The code is not correct or was used already.'),
) {
  const pending = await openPending(ctx, pendingToken);
  const user = await repo.findAdminById(ctx.db, pending.admin_user_id);
  if (!user) throw new AppError('unauthenticated');
  return guarded(ctx, adminGate(user.email, client.ip), client.deviceCookie, async (gate) => {
    const attempt = await takeAttempt(ctx, pending.id);
    if (!(await check(user, pending.setup, pending.id))) {
      await refused(ctx, gate);
      // The last wrong code ends the pending login: the password again.
      if (attempt.last) await repo.deletePending(ctx.db, pending.id);
      throw refusal();
    }
    await consumePending(ctx, pending.id);
    return startFactorSession(ctx, user.id, gate, client);
  });
}

/** A session whose second factor is done now: after a two-step or a passwordless login. */
export async function startFactorSession(
  ctx: AppContext,
  adminUserId: string,
  gate: Gate,
  client: Client,
) {
  const now = ctx.now();
  const deviceCookie = await admitted(ctx, gate, 'a', client.deviceCookie);
  await repo.setAdminLastLogin(ctx.db, adminUserId, now);
  const session = await createSession(
    ctx,
    'admin',
    { adminUserId },
    { secondFactorAt: now, userAgent: client.userAgent },
  );
  return { token: session.token, deviceCookie, me: await me(ctx, adminUserId) };
}

type AdminRow = NonNullable<Awaited<ReturnType<typeof repo.findAdminById>>>;

/**
 * POST /auth/login/totp and /auth/login/recovery: a code of the authenticator app (when the policy
 * made the admin set one up, the first code confirms the new secret), or a recovery code instead
 * of the factor, spent once, recorded and mailed to the admin. A recovery code does not finish a
 * login the policy holds for set-up (there are no codes then).
 */
export const loginWithCode = (
  ctx: AppContext,
  kind: 'totp' | 'recovery',
  pendingToken: string | undefined,
  code: string,
  client: Client,
  locale: Locale,
) =>
  finishLogin(ctx, pendingToken, client, async (user, setup) => {
    if (kind === 'recovery') return !setup && secondFactor.useRecoveryCode(ctx, user, code, locale);
    return setup
      ? // Recorded and mailed like any app linked: the admin hears of it.
        secondFactor.linkTotp(ctx, user, code, locale, { firstFactor: true })
      : secondFactor.verifyTotp(ctx, user.id, code);
  });

/** POST /auth/login/totp/setup: only for a pending login the policy holds until a factor exists. */
export async function setupTotpWhilePending(
  ctx: AppContext,
  pendingToken: string | undefined,
): Promise<TotpSetup> {
  const pending = await openPending(ctx, pendingToken);
  const user = await repo.findAdminById(ctx.db, pending.admin_user_id);
  if (!user) throw new AppError('unauthenticated');
  // The flag is of the password step; a passkey added since then is a factor too.
  if (!pending.setup || (await secondFactor.methodsOf(ctx, user.id)).length > 0)
    throw new AppError('forbidden', 'A second factor is set up already; log in with it.');
  return secondFactor.beginTotp(ctx, user);
}

export async function me(ctx: AppContext, adminUserId: string): Promise<Me> {
  const user = await repo.findAdminById(ctx.db, adminUserId);
  if (!user) throw new AppError('unauthenticated');
  const institutions = user.is_platform_admin
    ? (await repo.listInstitutionNames(ctx.db)).map((i) => ({
        institutionId: i.id,
        name: i.name,
        role: 'admin' as const,
      }))
    : (await repo.listMemberships(ctx.db, user.id)).map((m) => ({
        institutionId: m.id,
        name: m.name,
        role: m.role,
      }));
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isPlatformAdmin: user.is_platform_admin,
    institutions,
  };
}

/** POST /auth/step-up/totp: the session proves the factor again; same lockout as the login. */
export async function stepUpWithTotp(
  ctx: AppContext,
  actor: { id: string; email: string; sessionId?: string | undefined },
  code: string,
  client: Client,
): Promise<void> {
  await guarded(ctx, adminGate(actor.email, client.ip), client.deviceCookie, async (gate) => {
    if (await secondFactor.verifyTotp(ctx, actor.id, code)) return;
    await refused(ctx, gate);
    throw new AppError('invalid_code', 'The code is not correct or was used already.');
  });
  if (actor.sessionId) await repo.markSecondFactor(ctx.db, actor.sessionId, ctx.now());
}

/** POST /auth/logout during a pending login: the pending state goes as well. */
export const abandonPending = (ctx: AppContext, pendingToken: string) =>
  dropPending(ctx, pendingToken);
