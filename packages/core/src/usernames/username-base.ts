import { foldToAscii } from './fold.js';
import { USERNAME_MAX } from './rules.js';

export type UsernameReviewReason =
  'transliterated' | 'empty_first_name' | 'empty_last_name' | 'truncated';

/** `base` null: nothing usable is left of a name, so the admin must type a username. */
export interface UsernameBase {
  base: string | null;
  needsReview: boolean;
  reasons: UsernameReviewReason[];
}

// Budget of the two parts: the joining '.' takes one character.
const PART_BUDGET = USERNAME_MAX - 1;

/**
 * `voornaam.naam` from the enrolment names (DESIGN.md §4). Total on any input: odd names come
 * back as `needsReview` with reasons, never as an exception.
 */
export function usernameBase(firstName: string, lastName: string): UsernameBase {
  const first = foldToAscii(typeof firstName === 'string' ? firstName : '');
  const last = foldToAscii(typeof lastName === 'string' ? lastName : '');
  const reasons: UsernameReviewReason[] = [];
  if (first.transliterated || last.transliterated) reasons.push('transliterated');
  if (first.text === '') reasons.push('empty_first_name');
  if (last.text === '') reasons.push('empty_last_name');
  if (first.text === '' || last.text === '') return { base: null, needsReview: true, reasons };

  const [f, l] = fitParts(first.text, last.text);
  if (f !== first.text || l !== last.text) reasons.push('truncated');
  return { base: `${f}.${l}`, needsReview: reasons.length > 0, reasons };
}

/**
 * Shortens the parts only as much as needed. A short part is kept whole; when both are long the
 * last name gets the extra character, as it tells classmates apart more often.
 */
function fitParts(first: string, last: string): [string, string] {
  if (first.length + last.length <= PART_BUDGET) return [first, last];
  const firstShare = Math.floor(PART_BUDGET / 2);
  const lastShare = PART_BUDGET - firstShare;
  if (first.length <= firstShare) return [first, last.slice(0, PART_BUDGET - first.length)];
  if (last.length <= lastShare) return [first.slice(0, PART_BUDGET - last.length), last];
  return [first.slice(0, firstShare), last.slice(0, lastShare)];
}
