import { foldToAscii } from '../usernames/fold.js';
import { isCommonPassword } from './common.js';
import { type PasswordError, codePointLength } from './errors.js';

export const OWN_PASSWORD_MIN = 8;
export const OWN_PASSWORD_MAX = 128;

// Shorter name pieces ("Bo", "Li") would forbid half the alphabet's bigrams.
const NAME_TOKEN_MIN = 3;

// Particles of family names: "van" or "den" in a password says nothing about "Van den Broeck".
const SURNAME_PARTICLES = new Set([
  'van',
  'den',
  'der',
  'het',
  'ter',
  'ten',
  'von',
  'les',
  'des',
  'del',
  'dos',
  'das',
  'della',
  'ben',
  'bin',
  'ibn',
  'bou',
  'abu',
  'mac',
  'vande',
  'vander',
  'vanden',
]);

export interface PasswordOwnerContext {
  username: string;
  firstName: string;
  lastName: string;
}

/** [a-z0-9] skeleton, the same folding as usernames, so "Émma-2024" still shows "emma". */
const skeleton = (s: string): string => foldToAscii(typeof s === 'string' ? s : '').text;

function nameTokens(name: string, isSurname: boolean): string[] {
  const tokens = [skeleton(name)];
  for (const piece of String(name).split(/[\s\-'’‘.]+/u)) {
    const token = skeleton(piece);
    if (!(isSurname && SURNAME_PARTICLES.has(token))) tokens.push(token);
  }
  return tokens.filter((t) => t.length >= NAME_TOKEN_MIN);
}

function baseErrors(p: string, ctx: PasswordOwnerContext): PasswordError[] {
  const errors: PasswordError[] = [];
  const length = codePointLength(p);
  if (length < OWN_PASSWORD_MIN) errors.push('too_short');
  if (length > OWN_PASSWORD_MAX) errors.push('too_long');
  if (isCommonPassword(p)) errors.push('common');
  const username = skeleton(ctx.username);
  if (username.length >= NAME_TOKEN_MIN && skeleton(p).includes(username)) {
    errors.push('contains_username');
  }
  return errors;
}

/** A student's own password (after the temporary one). `[]` means valid. */
export function checkStudentPassword(p: string, ctx: PasswordOwnerContext): PasswordError[] {
  return baseErrors(String(p), ctx);
}

/**
 * A parent's co-account password (DESIGN.md §4). "Not equal to the child's or another parent's
 * password" needs the stored hashes, so the API checks that part.
 */
export function checkParentPassword(p: string, ctx: PasswordOwnerContext): PasswordError[] {
  const password = String(p);
  const errors = baseErrors(password, ctx);
  const folded = skeleton(password);
  const tokens = [...nameTokens(ctx.firstName, false), ...nameTokens(ctx.lastName, true)];
  if (tokens.some((t) => folded.includes(t))) errors.push('contains_name');
  return errors;
}
