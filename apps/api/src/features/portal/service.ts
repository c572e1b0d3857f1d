import { checkParentPassword, checkStudentPassword } from '@schoolloket/core';
import type { Actor, AppContext } from '../../context.js';
import type { CoAccountRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { brusselsDate } from '../../time/brussels.js';
import { createSession, destroySession, resolveSession } from '../auth/sessions.js';
import { loginName, parentActor } from '../co-accounts/activation.service.js';
import {
  collidesWithOther,
  passwordRuleError,
  studentHashInput,
} from '../co-accounts/credentials.js';
import * as coRepo from '../co-accounts/repository.js';
import { registeredEmail } from '../co-accounts/slots.js';
import * as history from '../history/service.js';
import { isLocale } from '../mail/locale.js';
import { enqueueMail } from '../mail/outbox.js';
import { weakPasswordError } from '../../security/password-strength.js';
import { activatedMail, type MailLocale } from '../mail/templates.js';
import * as repo from './repository.js';
import { admit, admitted, portalGate, refused, type Gate } from '../throttles/service.js';
import type { PortalLoginBody, PortalLoginResult, PortalMe } from './schemas.js';

const LOGIN_FAILED = 'The username or password is not right.';

const studentActor = (sid: string, username: string): Actor => ({
  kind: 'student',
  id: sid,
  name: username,
});

/**
 * POST /portal/login. The student's credential and every active co-account of that username are
 * verified (always 1 + the installation's largest slot count, with dummies for missing ones, so
 * neither unknown names, nor the school's slot setting, nor the number of active parents show in
 * the timing); the match decides the role.
 * Every refusal is the same 401. Refusals from a browser with a device cookie for this username
 * count against that browser only; those of untrusted clients per username and client address.
 */
export async function login(
  ctx: AppContext,
  body: PortalLoginBody,
  client: { ip: string; deviceCookie: string | undefined },
): Promise<{ token: string; result: PortalLoginResult; deviceCookie: string }> {
  if ((body.password === undefined) === (body.pictures === undefined)) {
    throw new AppError('validation_failed', 'Send either a password or pictures.', [
      { path: 'body', message: 'send either password or pictures' },
    ]);
  }
  const name = loginName(body.username);
  const now = ctx.now();
  const gate = await admit(ctx, portalGate(name, client.ip), client.deviceCookie);

  const subject = name
    ? await coRepo.findSubjectByUsername(ctx.db, name, brusselsDate(now))
    : undefined;
  const [rows, verifiedSlots] = await Promise.all([
    subject ? coRepo.listRows(ctx.db, [subject.student_id]) : [],
    repo.maxCoAccountSlots(ctx.db),
  ]);
  const schoolSlots = subject?.co_account_slots ?? 0;
  const secret = { password: body.password, pictures: body.pictures };
  const studentInput = studentHashInput(subject?.password_kind ?? null, secret);

  const studentCheck = subject?.password_hash
    ? ctx.hasher.verify(subject.password_hash, studentInput)
    : ctx.hasher.verifyDummy(studentInput);
  const parentChecks = Array.from({ length: verifiedSlots }, (_, i) => {
    const row =
      i < schoolSlots
        ? rows.find((r) => r.slot === i + 1 && r.state === 'active' && r.password_hash)
        : undefined;
    // Parents have text passwords only; a picture login still costs the same.
    return row && body.password !== undefined
      ? ctx.hasher.verify(row.password_hash!, body.password)
      : ctx.hasher.verifyDummy(studentInput);
  });
  const [studentOk, ...parentOk] = await Promise.all([studentCheck, ...parentChecks]);

  let role: 'student' | 'parent' | null = null;
  let slot: number | null = null;
  if (studentOk) role = 'student';
  else {
    const k = parentOk.findIndex(Boolean);
    if (k !== -1) {
      role = 'parent';
      slot = k + 1;
    }
  }
  const temporaryExpired =
    role === 'student' &&
    subject?.password_kind === 'temporary' &&
    !!subject.temporary_expires_at &&
    subject.temporary_expires_at.getTime() <= now.getTime();
  if (!subject || !role || subject.status !== 'active' || temporaryExpired) {
    const lock = await refused(ctx, gate);
    if (lock && subject) {
      await history.record(
        ctx.db,
        { kind: 'system', id: null, name: 'Schoolloket' },
        subject.institution_id,
        [
          {
            studentId: subject.student_id,
            kind: 'login_locked',
            detail: { until: lock.until.toISOString(), scope: lock.scope },
          },
        ],
      );
    }
    throw new AppError('invalid_credentials', LOGIN_FAILED);
  }

  const deviceCookie = await admitted(
    ctx,
    gate,
    role === 'student' ? 's' : `p${slot}`,
    client.deviceCookie,
  );
  const sid = subject.student_id;
  await ctx.db.transaction().execute(async (trx) => {
    if (role === 'student') await repo.setStudentLastLogin(trx, sid, now);
    else await coRepo.setLastLogin(trx, sid, slot!, now);
    await history.record(
      trx,
      role === 'student' ? studentActor(sid, subject.username!) : parentActor(sid, slot!),
      subject.institution_id,
      [{ studentId: sid, kind: 'login', detail: role === 'student' ? { role } : { role, slot } }],
      now,
    );
  });
  const { token } = await createSession(ctx, 'portal', { studentId: sid, coAccountSlot: slot });
  const mustChangePassword = role === 'student' && !!subject.must_change;
  return {
    token,
    result: { role, ...(slot ? { slot } : {}), mustChangePassword },
    deviceCookie,
  };
}

export interface PortalPrincipal {
  sessionId: string;
  slot: number | null;
  subject: coRepo.SubjectRow;
  coAccount: CoAccountRow | undefined;
  mustChangePassword: boolean;
}

/**
 * The person behind a portal cookie, re-checked on every request: a blocked or inactive student,
 * or a revoked co-account, ends the session at once.
 */
export async function principal(
  ctx: AppContext,
  token: string | undefined,
  opts: { allowMustChange: boolean },
): Promise<PortalPrincipal> {
  const session = token ? await resolveSession(ctx, 'portal', token) : undefined;
  if (!session?.student_id) throw new AppError('unauthenticated', 'Log in to continue.');
  const subject = await coRepo.findSubjectByStudentId(
    ctx.db,
    session.student_id,
    brusselsDate(ctx.now()),
  );
  const slot = session.co_account_slot;
  const coAccount =
    slot !== null && subject ? await coRepo.findRow(ctx.db, subject.student_id, slot) : undefined;
  if (
    !subject?.username ||
    subject.status !== 'active' ||
    (slot !== null && coAccount?.state !== 'active')
  ) {
    await destroySession(ctx, token!);
    throw new AppError('unauthenticated', 'Log in to continue.');
  }
  const mustChangePassword = slot === null && !!subject.must_change;
  if (mustChangePassword && !opts.allowMustChange) {
    throw new AppError('must_change_password', 'Choose your own password first.');
  }
  return { sessionId: session.id, slot, subject, coAccount, mustChangePassword };
}

const localeOf = (s: coRepo.SubjectRow): MailLocale =>
  isLocale(s.student_locale)
    ? s.student_locale
    : isLocale(s.school_locale)
      ? s.school_locale
      : 'nl';

export function me(p: PortalPrincipal): PortalMe {
  const s = p.subject;
  const isStudent = p.slot === null;
  const advanced = s.account_type === 'advanced';
  return {
    role: isStudent ? 'student' : 'parent',
    slot: p.slot,
    username: s.username!,
    firstName: s.first_name,
    lastName: s.last_name,
    schoolName: s.school_name,
    accountType: s.account_type!,
    mustChangePassword: p.mustChangePassword,
    canChangePassword: isStudent ? advanced : true,
    canSetEmail: isStudent && advanced,
    email: isStudent
      ? s.account_email
      : (registeredEmail(s.parent_emails, p.slot!) ?? p.coAccount?.email ?? null),
    locale: localeOf(s),
  };
}

const WRONG_CURRENT: Record<MailLocale, string> = {
  nl: 'Je huidige wachtwoord klopt niet.',
  fr: 'Votre mot de passe actuel est incorrect.',
  en: 'Your current password is not right.',
};

/** POST /portal/password: advanced students and parents; basic accounts are managed by the school. */
export async function changePassword(
  ctx: AppContext,
  p: PortalPrincipal,
  body: { currentPassword: string; newPassword: string },
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
  const name = s.username!;
  // The same gate as the login: an open session must not become a password oracle.
  const gate: Gate = await admit(ctx, portalGate(name, client.ip), client.deviceCookie);
  const currentHash = isStudent ? s.password_hash! : p.coAccount!.password_hash!;
  const currentInput = isStudent
    ? studentHashInput(s.password_kind, { password: body.currentPassword })
    : body.currentPassword;
  if (!(await ctx.hasher.verify(currentHash, currentInput))) {
    await refused(ctx, gate);
    throw new AppError('unprocessable', WRONG_CURRENT[locale], [
      {
        path: 'body.currentPassword',
        message: WRONG_CURRENT[locale],
        code: 'current_password_wrong',
      },
    ]);
  }
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
  const hash = await ctx.hasher.hash(body.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    if (isStudent) {
      await repo.setStudentPassword(trx, s.student_id, hash, now);
      await history.record(
        trx,
        studentActor(s.student_id, name),
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
    } else {
      await repo.setParentPassword(trx, s.student_id, p.slot!, hash, now);
      // A reset link mailed earlier (perhaps to a mailbox someone else reads) must not outlive
      // the password the parent just chose: every open link of this slot dies with it.
      await coRepo.revokeTokens(trx, s.student_id, p.slot!, now);
      await history.record(
        trx,
        parentActor(s.student_id, p.slot!),
        s.institution_id,
        [{ studentId: s.student_id, kind: 'password_changed', detail: { slot: p.slot } }],
        now,
      );
      const to = registeredEmail(s.parent_emails, p.slot!) ?? p.coAccount?.email;
      if (to) {
        const mail = activatedMail(locale, {
          schoolName: s.school_name,
          helpdesk: { email: s.helpdesk_email, phone: s.helpdesk_phone },
          childFirstName: s.first_name,
          username: name,
          loginUrl: `${ctx.config.publicBaseUrl}/aanmelden`,
          reset: true,
        });
        await enqueueMail(trx, ctx, { template: 'co_account_password_changed', to, ...mail });
      }
    }
    await repo.deleteOtherSessions(trx, s.student_id, p.slot, p.sessionId);
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

/** PUT /portal/email: advanced students add or change their own address. */
export async function setEmail(
  ctx: AppContext,
  p: PortalPrincipal,
  email: string,
): Promise<PortalMe> {
  const s = p.subject;
  if (p.slot !== null || s.account_type !== 'advanced') {
    throw new AppError(
      'forbidden',
      'Only students with an advanced account can add an e-mail address here.',
    );
  }
  const address = email.trim();
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setStudentEmail(trx, s.student_id, address, now);
    await history.record(
      trx,
      studentActor(s.student_id, s.username!),
      s.institution_id,
      [
        {
          studentId: s.student_id,
          kind: 'email_added',
          detail: { replaced: s.account_email !== null },
        },
      ],
      now,
    );
  });
  return me({ ...p, subject: { ...s, account_email: address } });
}

export async function logout(ctx: AppContext, token: string | undefined): Promise<void> {
  if (token) await destroySession(ctx, token);
}
