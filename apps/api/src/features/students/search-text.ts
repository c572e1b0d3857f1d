import { foldForSearch } from '@schoolloket/core';

// Accent- and case-folding for search (core's foldForSearch), so "daniels" finds "Daniëls"
// without the unaccent extension (which PGlite lacks).

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
