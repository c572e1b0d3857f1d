import { COMMON_PASSWORDS } from './common.js';
import {
  PICTURE_GRID_SIZE_DEFAULT,
  PICTURE_LENGTH_DEFAULT,
  PICTURE_LENGTH_MAX,
  PICTURE_LENGTH_MIN,
} from './picture.js';
import {
  TEMPORARY_DIGITS,
  TEMPORARY_LENGTH,
  TEMPORARY_LOWER,
  TEMPORARY_UPPER,
} from './temporary.js';
import { WORD_PASSWORD_DIGITS, WORD_PASSWORD_LAYOUTS, layWordPassword } from './word.js';
import { WORDS } from './words.js';

export type PasswordKind = 'temporary' | 'word' | 'picture';

const L = TEMPORARY_LOWER.length;
const U = TEMPORARY_UPPER.length;
const D = TEMPORARY_DIGITS.length;

/** Strings of TEMPORARY_LENGTH with at least one lower, upper and digit (inclusion–exclusion). */
function temporaryShapeCount(): number {
  const n = TEMPORARY_LENGTH;
  const all = L + U + D;
  return all ** n - (U + D) ** n - (L + D) ** n - (L + U) ** n + D ** n + U ** n + L ** n;
}

/** Generated temporary passwords that isCommonPassword rejects (the generator skips them). */
function temporaryCommonCount(): number {
  let count = 0;
  for (const entry of COMMON_PASSWORDS) {
    if (entry.length !== TEMPORARY_LENGTH) continue;
    // Every spelling of the entry that the generator could emit and that lowercases to it.
    let variants: string[] = [''];
    for (const ch of entry) {
      const options: string[] = [];
      if (TEMPORARY_DIGITS.includes(ch) || TEMPORARY_LOWER.includes(ch)) options.push(ch);
      if (TEMPORARY_UPPER.includes(ch.toUpperCase()) && ch !== ch.toUpperCase()) {
        options.push(ch.toUpperCase());
      }
      variants = variants.flatMap((v) => options.map((o) => v + o));
    }
    count += variants.filter(
      (v) =>
        [...v].some((c) => TEMPORARY_LOWER.includes(c)) &&
        [...v].some((c) => TEMPORARY_UPPER.includes(c)) &&
        [...v].some((c) => TEMPORARY_DIGITS.includes(c)),
    ).length;
  }
  return count;
}

/** Generated word passwords that isCommonPassword rejects. */
function wordCommonCount(): number {
  const common = new Set(COMMON_PASSWORDS);
  const digitStrings: string[] = [];
  for (const a of WORD_PASSWORD_DIGITS)
    for (const b of WORD_PASSWORD_DIGITS)
      for (const c of WORD_PASSWORD_DIGITS) digitStrings.push(a + b + c);
  let count = 0;
  for (const word of WORDS)
    for (const digits of digitStrings)
      for (const layout of WORD_PASSWORD_LAYOUTS)
        if (common.has(layWordPassword(word, digits, layout))) count += 1;
  return count;
}

let temporarySpace: number | undefined;
let wordSpace: number | undefined;

/**
 * How many different passwords the generator can emit, all equally likely: counted from the
 * real alphabets, word list and common-password list (the generators skip common ones).
 */
export function passwordSpaceSize(
  kind: PasswordKind,
  opts: { gridSize?: number; length?: number } = {},
): number {
  switch (kind) {
    case 'temporary':
      temporarySpace ??= temporaryShapeCount() - temporaryCommonCount();
      return temporarySpace;
    case 'word':
      wordSpace ??=
        WORDS.length * WORD_PASSWORD_DIGITS.length ** 3 * WORD_PASSWORD_LAYOUTS.length -
        wordCommonCount();
      return wordSpace;
    case 'picture': {
      const gridSize = opts.gridSize ?? PICTURE_GRID_SIZE_DEFAULT;
      const length = opts.length ?? PICTURE_LENGTH_DEFAULT;
      if (!Number.isInteger(gridSize) || gridSize < 2) {
        throw new RangeError(`gridSize must be an integer >= 2, got ${gridSize}`);
      }
      if (!Number.isInteger(length) || length < PICTURE_LENGTH_MIN || length > PICTURE_LENGTH_MAX) {
        throw new RangeError(
          `length must be ${PICTURE_LENGTH_MIN}..${PICTURE_LENGTH_MAX}, got ${length}`,
        );
      }
      return gridSize ** length;
    }
    default:
      throw new RangeError(`Unknown password kind: ${String(kind)}`);
  }
}

/** Entropy in bits of a generated password: log2 of passwordSpaceSize (uniform outputs). */
export function passwordEntropyBits(
  kind: PasswordKind,
  opts: { gridSize?: number; length?: number } = {},
): number {
  return Math.log2(passwordSpaceSize(kind, opts));
}
