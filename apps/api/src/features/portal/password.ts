import type { Locale } from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../platform/errors/index.js';
import {
  collidesWithFamily,
  mailPasswordSet,
  newPasswordError,
  passwordRuleError,
  registeredEmail,
  revokeTokens,
  studentHashInput,
} from '../co-accounts/index.js';

import * as sessions from '../auth/index.js';
import { endAppSignIns, oidcAccountId } from '../oidc/index.js';
import * as repo from './repository.js';
import { guarded, portalGate, refused, type Gate } from '../../platform/throttles/index.js';
import type { PortalMe } from './schemas.js';
import type { PortalPrincipal } from './principal.js';
import { recordOwn } from './login.js';
import { me } from './principal.js';

const WRONG_CURRENT: Record<Locale, string> = {
  nl: 'Je huidige wachtwoord klopt niet.',
  fr: 'Votre mot de passe actuel est incorrect.',
  en: 'Your current password is not right.',
};

type Body = { currentPassword: string; newPassword: string };

/** POST /portal/password: advanced students and parents; basic accounts are managed by the school. */
export async function changePassword(
  ctx: AppContext,
  p: PortalPrincipal,
  body: Body,
  locale: Locale,
  client: { ip: string; deviceCookie: string | undefined },
): Promise<PortalMe> {
  const s = p.subject;
  const isStudent = p.slot === null;
  if (isStudent && s.account_type !== 'advanced') {
    throw new AppError(
      'forbidden',
      'This account gets its password from the school; ask your teacher for a new one.',
    );
  }
  const now = ctx.now();
  // The same gate as the login: an open session must not become a password oracle.
  await guarded(ctx, portalGate(s.username!, client.ip), client.deviceCookie, async (gate) => {
    await checkCurrent(ctx, p, body.currentPassword, locale, gate);
    await checkNew(ctx, p, body, locale, gate);
  });
  const hash = await ctx.hasher.hash(body.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    if (isStudent) await storeStudentPassword(trx, p, hash, now);
    else await storeParentPassword(ctx, trx, p, hash, locale, now);
    // Whoever knew the old password is signed out: other portal sessions and app sign-ins end.
    await sessions.deleteOtherSessions(trx, s.student_id, p.slot, p.sessionId);
    await endAppSignIns(trx, oidcAccountId(s.student_id, p.slot));
  });
  return me({
    ...p,
    mustChangePassword: false,
    subject: {
      ...s,
      must_change: false,
      password_kind: isStudent ? 'own' : s.password_kind,
      password_hash: isStudent ? hash : s.password_hash,
    },
  });
}

/** The current password of the credential in use; a wrong one counts as a failed login. */
async function checkCurrent(
  ctx: AppContext,
  p: PortalPrincipal,
  current: string,
  locale: Locale,
  gate: Gate,
) {
  const s = p.subject;
  const isStudent = p.slot === null;
  const currentHash = isStudent ? s.password_hash! : p.coAccount!.password_hash!;
  const currentInput = isStudent
    ? studentHashInput(s.password_kind, { password: current })
    : current;
  if (await ctx.hasher.verify(currentHash, currentInput)) return;
  await refused(ctx, gate);
  throw new AppError('unprocessable', WRONG_CURRENT[locale], [
    {
      path: 'body.currentPassword',
      message: WRONG_CURRENT[locale],
      code: 'current_password_wrong',
    },
  ]);
}

/**
 * The new password: the rules of its owner, strong enough, not the current one, and not the
 * password of another credential of the family (a hit there counts as a failed login).
 */
async function checkNew(
  ctx: AppContext,
  p: PortalPrincipal,
  body: Body,
  locale: Locale,
  gate: Gate,
) {
  const failure = newPasswordError(p.subject, p.slot, body.newPassword, locale, 'body.newPassword');
  if (failure) throw failure;
  if (body.newPassword === body.currentPassword)
    throw passwordRuleError(['same_as_current'], locale, 'body.newPassword');
  if (
    await collidesWithFamily(
      ctx,
      p.subject,
      p.slot,
      body.newPassword,
      p.slot === null
        ? null
        : (registeredEmail(p.subject.parent_emails, p.slot) ?? p.coAccount?.email ?? null),
    )
  ) {
    // A hit is a correct guess of another credential: a failed login, as at the login itself.
    await refused(ctx, gate);
    throw passwordRuleError(['not_allowed'], locale, 'body.newPassword');
  }
}

/** Another change of the same password got there first (its current password is gone). */
const changedMeanwhile = () =>
  new AppError(
    'conflict',
    'The password was changed at the same moment by another request; sign in with the new one.',
  );

async function storeStudentPassword(trx: Database, p: PortalPrincipal, hash: string, now: Date) {
  const s = p.subject;
  if (!(await repo.setStudentPassword(trx, s.student_id, hash, s.password_hash!, now)))
    throw changedMeanwhile();
  const kind = p.mustChangePassword ? 'first_password_change' : 'password_changed';
  await recordOwn(trx, s, null, { kind, detail: {} }, now);
}

async function storeParentPassword(
  ctx: AppContext,
  trx: Database,
  p: PortalPrincipal,
  hash: string,
  locale: Locale,
  now: Date,
) {
  const s = p.subject;
  const slot = p.slot!;
  if (
    !(await repo.setParentPassword(trx, s.student_id, slot, hash, p.coAccount!.password_hash!, now))
  )
    throw changedMeanwhile();
  // A reset link mailed earlier (perhaps to a mailbox someone else reads) must not outlive
  // the password the parent just chose: every open link of this slot dies with it.
  await revokeTokens(trx, s.student_id, slot, now);
  await recordOwn(trx, s, slot, { kind: 'password_changed', detail: { slot } }, now);
  const to = registeredEmail(s.parent_emails, slot) ?? p.coAccount?.email;
  if (!to) return;
  await mailPasswordSet(trx, ctx, s, to, {
    locale,
    reset: true,
    template: 'co_account_password_changed',
  });
}
