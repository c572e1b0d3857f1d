/** Longest username, collision counter included (DESIGN.md §4). */
export const USERNAME_MAX = 50;
/** Shortest admin-typed username. */
export const USERNAME_MIN = 3;

export type UsernameError =
  'too_short' | 'too_long' | 'invalid_chars' | 'bad_edge' | 'contains_at' | 'empty';

const ALLOWED = /^[a-z0-9._-]*$/;
const ALNUM_EDGES = /^[a-z0-9](?:.*[a-z0-9])?$/s;

/**
 * Zero-width, direction and other invisible characters that let one name pass for another or
 * look empty: zero-width space to right-to-left mark, the embeddings and isolates, the soft
 * hyphen, the line and paragraph separators, the word joiner and invisible operators, the
 * Mongolian vowel separator and the byte order mark. The API refuses them in names (its text
 * check) and in every cell of an import.
 */
export const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/**
 * A username as a login form sends it: without the invisible characters a paste brings along
 * (a zero-width space after a name copied from a letter or a chat), and trimmed. A username is
 * ASCII, so nothing of a real one is lost; the server folds the rest (canonicalUsername).
 */
export function typedUsername(input: string): string {
  return input.replace(INVISIBLE_ALL, '').trim();
}

/**
 * Login form of a username: trim, NFKC, lowercase. Repeated until stable because one step can
 * undo another (NFKC turns U+00A8 into a leading space, lowercasing can create a new NFKC form),
 * which is what makes the result idempotent for every input.
 */
export function canonicalUsername(input: string): string {
  let current = String(input);
  for (let i = 0; i < 8; i += 1) {
    const next = current.trim().normalize('NFKC').toLowerCase().trim();
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * Checks the canonical form of an admin-typed username, so " Jan.Peeters " is accepted and
 * stored as "jan.peeters": store `canonicalUsername(input)` (or use `parseUsername`).
 */
export function validateUsername(
  input: string,
): { ok: true } | { ok: false; error: UsernameError } {
  const result = parseUsername(input);
  return result.ok ? { ok: true } : result;
}

/** Validation plus the canonical value to store. */
export function parseUsername(
  input: string,
): { ok: true; username: string } | { ok: false; error: UsernameError } {
  const username = canonicalUsername(input);
  const error = usernameError(username);
  return error === null ? { ok: true, username } : { ok: false, error };
}

function usernameError(s: string): UsernameError | null {
  if (s === '') return 'empty';
  // Checked before the character set: "@" almost always means an e-mail address was pasted.
  if (s.includes('@')) return 'contains_at';
  if (!ALLOWED.test(s)) return 'invalid_chars';
  if (s.length < USERNAME_MIN) return 'too_short';
  if (s.length > USERNAME_MAX) return 'too_long';
  if (!ALNUM_EDGES.test(s)) return 'bad_edge';
  return null;
}

/** True when `s` is exactly what `parseUsername` would store. */
export function isCanonicalValidUsername(s: string): boolean {
  return canonicalUsername(s) === s && usernameError(s) === null;
}
