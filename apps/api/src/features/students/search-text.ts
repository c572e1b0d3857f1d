// Accent- and case-folding for search, so "daniels" finds "Daniëls" without the unaccent
// extension (which PGlite lacks). Stored in students.search_text and applied to the query.
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

export function foldForSearch(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => SPECIAL[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Punctuation inside names that people leave out when they type: apostrophes, hyphens, dots,
 * underscores, commas, brackets. "dhondt" finds D'Hondt, "vanden broeck" finds Vanden-Broeck.
 * The same class is applied in SQL by the migration that rewrote the stored search texts.
 */
const NAME_PUNCTUATION = /['’‘`´._,()‐‑‒–—-]/gu;

/** The form stored in students.search_text and compared with each search word. */
export function searchKey(input: string): string {
  return foldForSearch(input).replace(NAME_PUNCTUATION, '');
}

export function studentSearchText(
  firstName: string,
  lastName: string,
  officialFirst?: string | null,
  officialLast?: string | null,
): string {
  return searchKey([firstName, lastName, officialFirst ?? '', officialLast ?? ''].join(' '));
}

/** Escape LIKE wildcards in user input. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
