import { passwordMessages, type PasswordError } from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import type { PasswordKind } from '../../db/types.js';
import { AppError } from '../../platform/errors/index.js';
import { hashInput } from '../../platform/security/index.js';
import type { MailLocale } from '../../platform/mail/index.js';

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

/**
 * One username carries the student's credential and every active co-account; a password that
 * opens two of them would make the role ambiguous (DESIGN.md §4).
 */
export async function collidesWithOther(
  ctx: AppContext,
  password: string,
  others: { student?: { hash: string; kind: PasswordKind } | null; coAccountHashes: string[] },
): Promise<boolean> {
  const checks: Array<Promise<boolean>> = others.coAccountHashes.map((h) =>
    ctx.hasher.verify(h, password),
  );
  if (others.student)
    checks.push(
      ctx.hasher.verify(others.student.hash, studentHashInput(others.student.kind, { password })),
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
