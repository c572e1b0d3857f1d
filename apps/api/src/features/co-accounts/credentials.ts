import {
  checkParentPassword,
  checkStudentPassword,
  passwordMessages,
  type PasswordError,
} from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import type { PasswordKind } from '../../db/types.js';
import { AppError } from '../../platform/errors/index.js';
import { hashInput, weakPasswordError } from '../../platform/security/index.js';
import type { MailLocale } from '../../platform/mail/index.js';
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
  locale: MailLocale,
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
 * One username carries the student's credential and every active co-account; a password that
 * opens two of them would make the role ambiguous (DESIGN.md §4). Checks the credentials of the
 * family other than the one being set: the student's own (`slot` null) or a parent's slot.
 */
export async function collidesWithFamily(
  ctx: AppContext,
  subject: Family,
  slot: number | null,
  password: string,
): Promise<boolean> {
  const rows = await repo.listRows(ctx.db, [subject.student_id]);
  const checks: Array<Promise<boolean>> = rows
    .filter((r) => r.state === 'active' && r.password_hash && r.slot !== slot)
    .map((r) => ctx.hasher.verify(r.password_hash!, password));
  if (slot !== null && subject.password_hash && subject.password_kind)
    checks.push(
      ctx.hasher.verify(
        subject.password_hash,
        studentHashInput(subject.password_kind, { password }),
      ),
    );
  return (await Promise.all(checks)).some(Boolean);
}

// Refusing a password because another credential of the child opens with it tells the parent
// that guess was right: the answer names no reason, and the caller counts it as a failed login
// against the username (the same lockout gate as the login).
const NOT_ALLOWED: Record<MailLocale, string> = {
  nl: 'Dit wachtwoord is niet toegestaan. Kies een ander wachtwoord.',
  fr: "Ce mot de passe n'est pas autorisé. Choisissez-en un autre.",
  en: 'This password is not allowed. Choose another one.',
};

const SAME_AS_CURRENT: Record<MailLocale, string> = {
  nl: 'Kies een ander wachtwoord dan je huidige.',
  fr: 'Choisissez un mot de passe différent de l’actuel.',
  en: 'Choose a password different from your current one.',
};

/** 422 with one entry per broken rule, in the user's language; codes are `password_<rule>`. */
export function passwordRuleError(
  codes: Array<PasswordError | 'not_allowed' | 'same_as_current'>,
  locale: MailLocale,
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
