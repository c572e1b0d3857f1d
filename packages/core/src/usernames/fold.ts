import anyAscii from 'any-ascii';

// Letters that NFKD leaves alone but that have one obvious ASCII spelling (DESIGN.md §4).
const EXPLICIT: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ĳ: 'ij',
};

const LATIN_OR_SHARED = /[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;
const MARK = /\p{M}/gu;
const ASCII_WORD = /[a-z0-9]/;

export interface FoldResult {
  /** Only [a-z0-9]. */
  text: string;
  /** A letter or digit of a non-Latin script was romanised: a person should look at the result. */
  transliterated: boolean;
}

/**
 * Turns one name (or any text) into its [a-z0-9] skeleton: NFKD, marks dropped, the explicit map,
 * other scripts romanised; everything else (spaces, hyphens, apostrophes, emoji, controls, bidi
 * marks, lone surrogates) disappears. Total: never throws on any string.
 */
export function foldToAscii(input: string): FoldResult {
  let transliterated = false;
  let romanised = '';
  // NFC first so that syllables (Hangul) and precomposed letters reach any-ascii whole.
  for (const ch of input.normalize('NFC')) {
    if (LATIN_OR_SHARED.test(ch)) {
      romanised += ch;
    } else if (WORD_CHAR.test(ch)) {
      const ascii = anyAscii(ch);
      if (/[A-Za-z0-9]/.test(ascii)) transliterated = true;
      romanised += ascii;
    }
  }

  let text = '';
  for (const ch of romanised.normalize('NFKD').replace(MARK, '').toLowerCase()) {
    if (ASCII_WORD.test(ch)) {
      text += ch;
      continue;
    }
    const mapped =
      EXPLICIT[ch] ?? (LATIN.test(ch) && LETTER.test(ch) ? anyAscii(ch).toLowerCase() : '');
    for (const m of mapped) if (ASCII_WORD.test(m)) text += m;
  }
  return { text, transliterated };
}

const EXPLICIT_LETTER = new RegExp(`[${Object.keys(EXPLICIT).join('')}]`, 'gu');

/**
 * The form search compares (names typed in a search box, column headers of an upload): NFKD,
 * marks dropped, lower case, the explicit letters spelled out and white space folded to one
 * space. Unlike `foldToAscii` it keeps everything else (digits, punctuation, `%`, other
 * scripts), so a stamnummer like "E2E-10" or a literal "%" is still searched as typed.
 */
export function foldForSearch(input: string): string {
  return input
    .normalize('NFKD')
    .replace(MARK, '')
    .toLowerCase()
    .replace(EXPLICIT_LETTER, (c) => EXPLICIT[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}
