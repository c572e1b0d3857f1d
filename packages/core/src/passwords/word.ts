import { type RandomSource, randomIndices, randomInt, secureRandom } from '../random.js';
import { isCommonPassword } from './common.js';
import { type PasswordError, startsUnsafely } from './errors.js';
import { WORDS } from './words.js';

// No 0 or 1 in generated digits: next to a word a young reader could take them for o and l.
export const WORD_PASSWORD_DIGITS = '23456789';

/** Where the 3 digits go: after the word (`zal659`) or around it (`29ban9`, `2ban96`). */
export type WordPasswordLayout = 'after' | 'around21' | 'around12';
export const WORD_PASSWORD_LAYOUTS: readonly WordPasswordLayout[] = [
  'after',
  'around21',
  'around12',
];

// Admin-typed words may be any lowercase word of 3..8 letters and use every digit.
const WORD_PASSWORD_FORMAT =
  /^(?:[a-z]{3,8}[0-9]{3}|[0-9]{2}[a-z]{3,8}[0-9]|[0-9][a-z]{3,8}[0-9]{2})$/;

export function layWordPassword(word: string, digits: string, layout: WordPasswordLayout): string {
  switch (layout) {
    case 'after':
      return word + digits;
    case 'around21':
      return digits.slice(0, 2) + word + digits.slice(2);
    case 'around12':
      return digits.slice(0, 1) + word + digits.slice(1);
  }
}

/** For admin-typed word passwords; generated ones always pass. `[]` means valid. */
export function validateWordPassword(p: string): PasswordError[] {
  const errors: PasswordError[] = [];
  if (startsUnsafely(p)) errors.push('unsafe_start');
  if (!WORD_PASSWORD_FORMAT.test(p)) errors.push('bad_format');
  if (isCommonPassword(p)) errors.push('common');
  return errors;
}

/** A curated word plus 3 digits, uniform over every word × digits × layout not on the common list. */
export function generateWordPassword(rng: RandomSource = secureRandom): string {
  for (;;) {
    const word = WORDS[randomInt(WORDS.length, rng)] as string;
    const layout = WORD_PASSWORD_LAYOUTS[
      randomInt(WORD_PASSWORD_LAYOUTS.length, rng)
    ] as WordPasswordLayout;
    const digits = randomIndices(WORD_PASSWORD_DIGITS.length, 3, rng)
      .map((i) => WORD_PASSWORD_DIGITS[i])
      .join('');
    const p = layWordPassword(word, digits, layout);
    if (validateWordPassword(p).length === 0) return p;
  }
}
