import { checkParentPassword, checkStudentPassword } from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../platform/errors/index.js';
import { parentActor } from '../co-accounts/index.js';
import { collidesWithOther, passwordRuleError, studentHashInput } from '../co-accounts/index.js';
import * as coRepo from '../co-accounts/index.js';
import { registeredEmail } from '../co-accounts/index.js';
import * as history from '../history/index.js';
import { enqueueMail } from '../../platform/mail/index.js';
import { activatedMail, type MailLocale } from '../../platform/mail/index.js';
import * as sessions from '../auth/index.js';
import { weakPasswordError } from '../../platform/security/index.js';
import * as repo from './repository.js';
import { admit, portalGate, refused, type Gate } from '../../platform/throttles/index.js';
import type { PortalMe } from './schemas.js';
import type { PortalPrincipal } from './principal.js';
import { studentActor } from './login.js';
import { me } from './principal.js';

const WRONG_CURRENT: Record<MailLocale, string> = {
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
  locale: MailLocale,
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
  const gate: Gate = await admit(ctx, portalGate(s.username!, client.ip), client.deviceCookie);
  await checkCurrent(ctx, p, body.currentPassword, locale, gate);
  await checkNew(ctx, p, body, locale, gate);
  const hash = await ctx.hasher.hash(body.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    if (isStudent) await storeStudentPassword(trx, p, hash, now);
    else await storeParentPassword(ctx, trx, p, hash, locale, now);
    await sessions.deleteOtherSessions(trx, s.student_id, p.slot, p.sessionId);
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
  locale: MailLocale,
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
  locale: MailLocale,
  gate: Gate,
) {
  const s = p.subject;
  const isStudent = p.slot === null;
  const name = s.username!;
  const owner = { username: name, firstName: s.first_name, lastName: s.last_name };
  const rules = isStudent
    ? checkStudentPassword(body.newPassword, owner)
    : checkParentPassword(body.newPassword, owner);
  if (rules.length) throw passwordRuleError(rules, locale, 'body.newPassword');
  // zxcvbn score 3 for every own password (issue 13: aaaaaaaa, zomer2024 and the school's name
  // plus 1 passed the rules above), with the family's own words as the first guesses.
  const weak = weakPasswordError(
    body.newPassword,
    [s.school_name, s.first_name, s.last_name, name],
    locale,
    'body.newPassword',
  );
  if (weak) throw weak;
  if (body.newPassword === body.currentPassword)
    throw passwordRuleError(['same_as_current'], locale, 'body.newPassword');
  const rows = await coRepo.listRows(ctx.db, [s.student_id]);
  const otherParents = rows
    .filter((r) => r.state === 'active' && r.password_hash && r.slot !== p.slot)
    .map((r) => r.password_hash!);
  const student =
    !isStudent && s.password_hash && s.password_kind
      ? { hash: s.password_hash, kind: s.password_kind }
      : null;
  if (await collidesWithOther(ctx, body.newPassword, { student, coAccountHashes: otherParents })) {
    // A hit is a correct guess of another credential: a failed login, as at the login itself.
    await refused(ctx, gate);
    throw passwordRuleError(['not_allowed'], locale, 'body.newPassword');
  }
}

async function storeStudentPassword(trx: Database, p: PortalPrincipal, hash: string, now: Date) {
  const s = p.subject;
  await repo.setStudentPassword(trx, s.student_id, hash, now);
  await history.record(
    trx,
    studentActor(s.student_id, s.username!),
    s.institution_id,
    [
      {
        studentId: s.student_id,
        kind: p.mustChangePassword ? 'first_password_change' : 'password_changed',
        detail: {},
      },
    ],
    now,
  );
}

async function storeParentPassword(
  ctx: AppContext,
  trx: Database,
  p: PortalPrincipal,
  hash: string,
  locale: MailLocale,
  now: Date,
) {
  const s = p.subject;
  const slot = p.slot!;
  await repo.setParentPassword(trx, s.student_id, slot, hash, now);
  // A reset link mailed earlier (perhaps to a mailbox someone else reads) must not outlive
  // the password the parent just chose: every open link of this slot dies with it.
  await coRepo.revokeTokens(trx, s.student_id, slot, now);
  await history.record(
    trx,
    parentActor(s.student_id, slot),
    s.institution_id,
    [{ studentId: s.student_id, kind: 'password_changed', detail: { slot } }],
    now,
  );
  const to = registeredEmail(s.parent_emails, slot) ?? p.coAccount?.email;
  if (!to) return;
  const mail = activatedMail(locale, {
    schoolName: s.school_name,
    helpdesk: { email: s.helpdesk_email, phone: s.helpdesk_phone },
    childFirstName: s.first_name,
    username: s.username!,
    loginUrl: `${ctx.config.publicBaseUrl}/aanmelden`,
    reset: true,
  });
  await enqueueMail(trx, ctx, { template: 'co_account_password_changed', to, ...mail });
}
