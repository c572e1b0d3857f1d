import {
  DEFAULT_GRID,
  generatePicturePassword,
  generateTemporaryPassword,
  generateWordPassword,
  passwordMessages,
  validatePicturePassword,
  validateTemporaryPassword,
  validateWordPassword,
  type PasswordError,
} from '@schoolloket/core';
import type { AccountType } from '../../db/types.js';
import { AppError } from '../../platform/errors/index.js';

export type InitialKind = 'picture' | 'word' | 'temporary';

/** The secret handed out with a new account; `hashInput` is what the student types or clicks. */
export interface Secret {
  kind: InitialKind;
  password?: string;
  pictures?: string[];
}

/** advanced → temporary; basic → the school's default kind (picture unless set) or the one asked for. */
export function kindFor(
  type: AccountType,
  requested?: string,
  basicDefault: 'picture' | 'word' = 'picture',
): InitialKind | { error: string } {
  if (type === 'advanced') {
    return requested === undefined || requested === 'temporary'
      ? 'temporary'
      : { error: 'An advanced account gets a temporary password.' };
  }
  if (requested === undefined) return basicDefault;
  if (requested === 'picture' || requested === 'word') return requested;
  return { error: 'A basic account gets a picture password or a word password.' };
}

export interface PictureSettings {
  grid: readonly string[];
  length: number;
}

export function pictureSettings(length: number): PictureSettings {
  return { grid: DEFAULT_GRID, length };
}

type SecretField = 'password' | 'pictures';
type SecretErrors = {
  errors: Array<{ field: SecretField; code: PasswordError; message: string }>;
};

/** What is wrong with the typed secret, each with its Dutch message. */
const invalid = (field: SecretField, codes: PasswordError[]): SecretErrors => ({
  errors: codes.map((code) => ({ field, code, message: passwordMessages.nl[code] })),
});

/** A secret of the other kind (text for a picture password, pictures for a word). */
const wrongKind = (field: SecretField, message: string): SecretErrors => ({
  errors: [{ field, code: 'bad_format', message }],
});

/** Generates a secret, or checks the one the admin typed; errors are in Dutch for the dashboard. */
export function makeSecret(
  kind: InitialKind,
  pictures: PictureSettings,
  supplied: { password?: string; pictures?: string[] } = {},
): { secret: Secret } | SecretErrors {
  if (kind === 'picture') {
    if (supplied.password !== undefined)
      return wrongKind(
        'password',
        'Een afbeeldingswachtwoord bestaat uit prentjes, niet uit tekst.',
      );
    if (supplied.pictures) {
      const errors = validatePicturePassword(supplied.pictures, pictures.grid, { min: 4, max: 8 });
      if (errors.length) return invalid('pictures', errors);
      return { secret: { kind, pictures: [...supplied.pictures] } };
    }
    return { secret: { kind, pictures: generatePicturePassword(pictures.grid, pictures.length) } };
  }
  if (supplied.pictures !== undefined)
    return wrongKind('pictures', 'Prentjes horen enkel bij een afbeeldingswachtwoord.');
  if (supplied.password !== undefined) {
    const errors =
      kind === 'word'
        ? validateWordPassword(supplied.password)
        : validateTemporaryPassword(supplied.password);
    if (errors.length) return invalid('password', errors);
    return { secret: { kind, password: supplied.password } };
  }
  return {
    secret: {
      kind,
      password: kind === 'word' ? generateWordPassword() : generateTemporaryPassword(),
    },
  };
}

/** What an answer shows of a secret, once: its password or its pictures, whichever it has. */
export function shownSecret(secret: { password?: string; pictures?: string[] } | undefined) {
  return {
    ...(secret?.password ? { password: secret.password } : {}),
    ...(secret?.pictures ? { pictures: secret.pictures } : {}),
  };
}

export function sealSecret(
  seal: (plain: string, aad: string) => string,
  studentId: string,
  secret: Secret,
): string {
  return seal(
    JSON.stringify({ password: secret.password, pictures: secret.pictures }),
    `account:${studentId}`,
  );
}

export function openSecret(
  open: (sealed: string, aad: string) => string,
  studentId: string,
  sealed: string,
): { password?: string; pictures?: string[] } {
  try {
    return JSON.parse(open(sealed, `account:${studentId}`)) as {
      password?: string;
      pictures?: string[];
    };
  } catch {
    throw new AppError(
      'unprocessable',
      'The stored password can no longer be read (was CREDENTIALS_KEY changed?).',
    );
  }
}
