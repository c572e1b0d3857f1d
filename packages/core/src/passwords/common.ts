import { COMMON_PASSWORDS } from './common-passwords.generated.js';

let lookup: ReadonlySet<string> | undefined;

// Built on first use: importing core (e.g. for usernames) should not pay for 20,000 strings.
function commonSet(): ReadonlySet<string> {
  lookup ??= new Set(COMMON_PASSWORDS);
  return lookup;
}

/** Case-insensitive membership of the shipped common-password list. */
export function isCommonPassword(p: string): boolean {
  const key = String(p).normalize('NFKC').toLowerCase();
  const set = commonSet();
  return set.has(key) || set.has(key.trim());
}

/** Size of the shipped list, for docs and tests. */
export const COMMON_PASSWORD_COUNT = COMMON_PASSWORDS.length;

export { COMMON_PASSWORDS };
