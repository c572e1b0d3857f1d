import type { Locale } from '@schoolloket/core';
import { checkParentPassword, passwordMessages, type PasswordError } from '@schoolloket/core';
import { AppError } from '../../platform/errors/index.js';

/**
 * An admin sees the credentials of a whole school, so an own password is at least as long as one
 * an admin sets for a colleague (`POST /institutions/{iid}/admins`, minLength 10).
 */
export const ADMIN_PASSWORD_MIN = 10;

// The core's parent rules talk about "the child"; for an admin the name and address are her own.
const OWN: Record<Locale, Partial<Record<PasswordError, string>>> = {
  nl: {
    too_short: `Het wachtwoord moet minstens ${ADMIN_PASSWORD_MIN} tekens lang zijn.`,
    contains_name: 'Het wachtwoord mag je voornaam of naam niet bevatten.',
    contains_username: 'Het wachtwoord mag je e-mailadres niet bevatten.',
  },
  fr: {
    too_short: `Le mot de passe doit compter au moins ${ADMIN_PASSWORD_MIN} caractères.`,
    contains_name: 'Le mot de passe ne peut pas contenir votre prénom ou votre nom.',
    contains_username: 'Le mot de passe ne peut pas contenir votre adresse e-mail.',
  },
  en: {
    too_short: `The password must be at least ${ADMIN_PASSWORD_MIN} characters long.`,
    contains_name: 'The password cannot contain your first or last name.',
    contains_username: 'The password cannot contain your e-mail address.',
  },
};

/**
 * The parent rules of the core (length, common passwords, own name, "username") with the admin
 * as owner: her name split into first and last name, the part of her address before the "@" as
 * username. `[]` means valid.
 */
export function adminPasswordProblems(
  password: string,
  owner: { email: string; name: string },
): PasswordError[] {
  const [firstName = '', ...rest] = owner.name.trim().split(/\s+/u);
  const at = owner.email.lastIndexOf('@');
  const codes = checkParentPassword(password, {
    username: at > 0 ? owner.email.slice(0, at) : owner.email,
    firstName,
    lastName: rest.join(' '),
  });
  if (!codes.includes('too_short') && [...password].length < ADMIN_PASSWORD_MIN)
    codes.unshift('too_short');
  return codes;
}

/** 422 with one entry per broken rule, in the user's language; codes are `password_<rule>`. */
export function adminPasswordError(codes: PasswordError[], locale: Locale): AppError {
  const errors = codes.map((code) => ({
    path: 'body.password',
    message: OWN[locale][code] ?? passwordMessages[locale][code],
    code: `password_${code}` as const,
  }));
  return new AppError('unprocessable', errors.map((e) => e.message).join(' '), errors);
}
