/** Longest username, collision counter included (DESIGN.md §4). */
export const USERNAME_MAX = 50;
/** Shortest admin-typed username. */
export const USERNAME_MIN = 3;

export type UsernameError =
  'too_short' | 'too_long' | 'invalid_chars' | 'bad_edge' | 'contains_at' | 'empty';

const ALLOWED = /^[a-z0-9._-]*$/;
const ALNUM_EDGES = /^[a-z0-9](?:.*[a-z0-9])?$/s;

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
