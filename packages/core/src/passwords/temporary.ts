import { type RandomSource, randomIndices, secureRandom } from '../random.js';
import { isCommonPassword } from './common.js';
import { type PasswordError, codePointLength, startsUnsafely } from './errors.js';

// Look-alikes 0 O o 1 l I are left out: students copy these from a printed card.
export const TEMPORARY_LOWER = 'abcdefghijkmnpqrstuvwxyz';
export const TEMPORARY_UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const TEMPORARY_DIGITS = '23456789';
export const TEMPORARY_ALPHABET = TEMPORARY_LOWER + TEMPORARY_UPPER + TEMPORARY_DIGITS;
export const TEMPORARY_LENGTH = 8;
/** Longest admin-typed temporary password: it has to fit on a printed card. */
export const TEMPORARY_MAX = 32;

const hasAny = (p: string, chars: string): boolean => [...p].some((c) => chars.includes(c));

/** For admin-typed temporary passwords; generated ones always pass. `[]` means valid. */
export function validateTemporaryPassword(p: string): PasswordError[] {
  const errors: PasswordError[] = [];
  const length = codePointLength(p);
  if (startsUnsafely(p)) errors.push('unsafe_start');
  if (length < TEMPORARY_LENGTH) errors.push('too_short');
  if (length > TEMPORARY_MAX) errors.push('too_long');
  if (![...p].every((c) => TEMPORARY_ALPHABET.includes(c))) errors.push('bad_chars');
  if (!hasAny(p, TEMPORARY_LOWER)) errors.push('needs_lower');
  if (!hasAny(p, TEMPORARY_UPPER)) errors.push('needs_upper');
  if (!hasAny(p, TEMPORARY_DIGITS)) errors.push('needs_digit');
  if (isCommonPassword(p)) errors.push('common');
  return errors;
}

/**
 * 8 characters drawn uniformly from the alphabet; draws that miss a character class (or are on
 * the common list) are thrown away whole, so the result is uniform over all valid passwords
 * (redrawing only the missing class would make some strings likelier than others).
 */
export function generateTemporaryPassword(rng: RandomSource = secureRandom): string {
  for (;;) {
    const indices = randomIndices(TEMPORARY_ALPHABET.length, TEMPORARY_LENGTH, rng);
    const p = indices.map((i) => TEMPORARY_ALPHABET[i]).join('');
    if (validateTemporaryPassword(p).length === 0) return p;
  }
}
