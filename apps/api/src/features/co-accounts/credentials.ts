import type { Locale } from '@schoolloket/core';
import {
  checkParentPassword,
  checkStudentPassword,
  passwordMessages,
  type PasswordError,
} from '@schoolloket/core';
import { createHmac } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { PasswordKind } from '../../db/types.js';
import { AppError } from '../../platform/errors/index.js';
import { hashInput, weakPasswordError } from '../../platform/security/index.js';
import { lockedUntil, windowAdmit } from '../../platform/throttles/index.js';

import * as repo from './repository.js';

/**
 * What the student's hash is checked against. Word passwords are lowercase by definition, so
 * the tablet keyboard's automatic capital ("Zal659") is forgiven; other kinds are exact.
 */
export function studentHashInput(
  kind: PasswordKind | null,
  secret: { password?: string; pictures?: string[] },
): string {
  if (secret.pictures) return hashInput({ pictures: secret.pictures });
  const password = secret.password ?? '';
  return kind === 'word' ? password.trim().toLowerCase() : password;
}

type Family = Pick<
  repo.SubjectRow,
  'student_id' | 'username' | 'first_name' | 'last_name' | 'school_name'
> &
  Partial<Pick<repo.SubjectRow, 'password_hash' | 'password_kind'>>;

/**
 * A new password for the student's own credential (`slot` null) or a parent's: the rules of its
 * owner first, then zxcvbn score 3 (issue 13: aaaaaaaa, zomer2024 and the school's name plus 1
 * passed the rules), with the family's own words as the first guesses. Undefined when it passes.
 */
export function newPasswordError(
  subject: Family,
  slot: number | null,
  password: string,
  locale: Locale,
  path: string,
): AppError | undefined {
  const owner = {
    username: subject.username!,
    firstName: subject.first_name,
    lastName: subject.last_name,
  };
  const rules =
    slot === null ? checkStudentPassword(password, owner) : checkParentPassword(password, owner);
  if (rules.length) return passwordRuleError(rules, locale, path);
  return weakPasswordError(
    password,
    [subject.school_name, subject.first_name, subject.last_name, subject.username],
    locale,
    path,
  );
}

/**
 * How often one credential may be compared with the rest of its family in a day. A refusal tells
 * that a guess opens another credential, and only refusals counted (against the username's
 * lockout): a parent could go on changing their own password in the portal, or set it again
 * through reset links, and so test the other parent's password without end. Every comparison
 * counts now, refused or not. A parent choosing a password needs one or two; thirty leaves room
 * for a double-clicked form and a family sharing a tablet, and bounds the guesses to thirty a day.
 */
export const FAMILY_CHECK_POLICY = { windowMs: 24 * 3_600_000, maxFailures: 30 };

/**
 * The count belongs to the person who holds the credential: a parent's slot by its registered
 * address (an HMAC with the server's pepper, so the throttle table does not give the address
 * away), so a parent the school revoked does not hand a spent count to the next one.
 */
const familyCheckKey = (
  ctx: AppContext,
  studentId: string,
  slot: number | null,
  holder: string | null,
) =>
  slot === null
    ? `family-check:${studentId}:student`
    : `family-check:${studentId}:${slot}:${createHmac('sha256', ctx.config.passwordPepper)
        .update(`family-check\0${(holder ?? '').trim().toLowerCase()}`)
        .digest('base64url')
        .slice(0, 16)}`;

const TOO_MANY_CHECKS = (hours: number): Record<Locale, string> => ({
  nl: `Je hebt vandaag te veel nieuwe wachtwoorden geprobeerd. Probeer opnieuw over ${hours} uur.`,
  fr: `Vous avez essayé trop de nouveaux mots de passe aujourd'hui. Réessayez dans ${hours} h.`,
  en: `You have tried too many new passwords today. Try again in ${hours} h.`,
});

/**
 * One username carries the student's credential and every active co-account; a password that
 * opens two of them would make the role ambiguous (DESIGN.md §4). Checks the credentials of the
 * family other than the one being set: the student's own (`slot` null) or a parent's slot.
 * Each check counts against FAMILY_CHECK_POLICY (atomically, on every instance); over it, 429
 * with Retry-After and nothing compared.
 */
export async function collidesWithFamily(
  ctx: AppContext,
  subject: Family,
  slot: number | null,
  password: string,
  /** a parent slot's registered address (whose holder is counted) */
  holder: string | null = null,
): Promise<boolean> {
  const rows = await repo.listRows(ctx.db, [subject.student_id]);
  const others = rows.filter((r) => r.state === 'active' && r.password_hash && r.slot !== slot);
  const withStudent = slot !== null && !!subject.password_hash && !!subject.password_kind;
  if (!others.length && !withStudent) return false;
  await admitFamilyCheck(ctx, familyCheckKey(ctx, subject.student_id, slot, holder));
  const checks = others.map((r) => ctx.hasher.verify(r.password_hash!, password));
  if (withStudent)
    checks.push(
      ctx.hasher.verify(
        subject.password_hash!,
        studentHashInput(subject.password_kind!, { password }),
      ),
    );
  return (await Promise.all(checks)).some(Boolean);
}

async function admitFamilyCheck(ctx: AppContext, key: string) {
  const now = ctx.now();
  if (await windowAdmit(ctx.db, key, FAMILY_CHECK_POLICY, now)) return;
  const until = (await lockedUntil(ctx.db, [key], now)) ?? new Date(now.getTime() + 3_600_000);
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  throw new AppError('too_many_requests', TOO_MANY_CHECKS(Math.ceil(seconds / 3600)), undefined, {
    reason: 'family_checks',
    retryAfterSeconds: seconds,
  });
}

// Refusing a password because another credential of the child opens with it tells the parent
// that guess was right: the answer names no reason, and the caller counts it as a failed login
// against the username (the same lockout gate as the login).
const NOT_ALLOWED: Record<Locale, string> = {
  nl: 'Dit wachtwoord is niet toegestaan. Kies een ander wachtwoord.',
  fr: "Ce mot de passe n'est pas autorisé. Choisissez-en un autre.",
  en: 'This password is not allowed. Choose another one.',
};

const SAME_AS_CURRENT: Record<Locale, string> = {
  nl: 'Kies een ander wachtwoord dan je huidige.',
  fr: 'Choisissez un mot de passe différent de l’actuel.',
  en: 'Choose a password different from your current one.',
};

/** 422 with one entry per broken rule, in the user's language; codes are `password_<rule>`. */
export function passwordRuleError(
  codes: Array<PasswordError | 'not_allowed' | 'same_as_current'>,
  locale: Locale,
  path = 'body.password',
): AppError {
  const message = (code: (typeof codes)[number]) =>
    code === 'not_allowed'
      ? NOT_ALLOWED[locale]
      : code === 'same_as_current'
        ? SAME_AS_CURRENT[locale]
        : passwordMessages[locale][code];
  const errors = codes.map((code) => ({
    path,
    message: message(code),
    code: `password_${code}` as const,
  }));
  return new AppError('unprocessable', errors.map((e) => e.message).join(' '), errors);
}
