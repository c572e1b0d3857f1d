import type { Locale } from '../usernames/locale.js';
import type { ExportAccount } from './types.js';

// Line and tab characters separate words, so they become spaces; every other C0/C1 control is
// dropped, as are bidi overrides and isolates (they would reorder what is printed); a lone
// surrogate becomes U+FFFD.
const SEPARATORS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A user value as it may be printed or written into a cell: NFC (the fonts have precomposed
 * glyphs, not positioned combining marks), no control or bidi characters, single spaces.
 */
export function cleanText(value: string | null | undefined): string {
  return (value ?? '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(SEPARATORS, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

const collators = new Map<Locale, Intl.Collator>();

function collator(locale: Locale): Intl.Collator {
  let c = collators.get(locale);
  if (!c) {
    // numeric: "2e leerjaar" before "10e"; base sensitivity: "Ölçer" sorts with "Olcer".
    c = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    collators.set(locale, c);
  }
  return c;
}

/**
 * The order of every export: group, then last name, then first name (so a teacher hands out a
 * class in list order); the username breaks ties so the order is total.
 */
export function sortAccounts<
  T extends Pick<ExportAccount, 'group' | 'lastName' | 'firstName' | 'username'>,
>(accounts: readonly T[], locale: Locale): T[] {
  const c = collator(locale);
  const keyed = accounts.map((a) => ({
    a,
    group: cleanText(a.group),
    last: cleanText(a.lastName),
    first: cleanText(a.firstName),
  }));
  keyed.sort(
    (x, y) =>
      c.compare(x.group, y.group) ||
      c.compare(x.last, y.last) ||
      c.compare(x.first, y.first) ||
      (x.a.username < y.a.username ? -1 : x.a.username > y.a.username ? 1 : 0),
  );
  return keyed.map((k) => k.a);
}

/**
 * Consecutive runs of one group in accounts sorted by `sortAccounts` (groups that only differ in
 * case or accents, which sort together, are one run), each named after its first account.
 */
export function groupRuns<T extends Pick<ExportAccount, 'group'>>(
  sorted: readonly T[],
  locale: Locale,
): Array<{ group: string; accounts: T[] }> {
  const c = collator(locale);
  const runs: Array<{ group: string; accounts: T[] }> = [];
  for (const a of sorted) {
    const group = cleanText(a.group);
    const last = runs[runs.length - 1];
    if (last && c.compare(last.group, group) === 0) last.accounts.push(a);
    else runs.push({ group, accounts: [a] });
  }
  return runs;
}
