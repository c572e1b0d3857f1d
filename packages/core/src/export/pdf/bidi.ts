/**
 * Right-to-left text for the PDFs. A PDF shows glyphs in the order they are written, left to
 * right: Hebrew and Arabic must be put in visual order (the Unicode bidi algorithm, bidi-js) and
 * Arabic letters must get their joined forms first (jsPDF's Arabic plugin maps them to the
 * presentation forms, which DejaVu Sans has). Text without a right-to-left character is left as
 * it is.
 */
import bidiModule, { type Bidi } from 'bidi-js';
import { jsPDF } from 'jspdf';

export type Direction = 'ltr' | 'rtl' | 'auto';

// bidi-js is CommonJS with types written as ESM: its default import is the factory itself in
// Node and bundlers, `.default` for TypeScript under NodeNext (but not under bundler resolution).
const loaded: unknown = bidiModule;
const factory = (
  typeof loaded === 'function' ? loaded : (loaded as { default: unknown }).default
) as () => Bidi;
const bidi = factory();

// Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their presentation forms: the
// characters whose bidi class is R or AL (others, like the Arabic-Indic digits, only matter next
// to them).
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/** The mirror image of a bracket or sign in a right-to-left run (`>` → `<`), or null. */
export function mirrorOf(char: string): string | null {
  return bidi.getMirroredCharacter(char);
}

export function hasRtl(text: string): boolean {
  return RTL.test(text);
}

const processArabic = (jsPDF.API as unknown as { processArabic(text: string): string })
  .processArabic;

// jsPDF writes "الله" as the ligature U+FDF2, which DejaVu does not have (the word would vanish):
// its four joined letters instead, which is how HarfBuzz sets it with DejaVu.
const ALLAH = /\ufdf2/g;
const ALLAH_LETTERS = '\ufe8d\ufedf\ufee0\ufeea';

/** Arabic letters in their contextual (joined) forms, still in logical order. */
export function shapeArabic(text: string): string {
  if (!/[\u0600-\u06ff]/.test(text)) return text;
  return processArabic(text).replace(ALLAH, ALLAH_LETTERS);
}

/**
 * `text` (one line) as it is drawn from left to right: Arabic shaped, then reordered with the
 * paragraph direction `base` ('auto': from its first strong character, as HTML's dir="auto"),
 * with mirrored brackets in right-to-left runs. A Hebrew or Arabic mark comes before its
 * letter then, which is where DejaVu expects it: its marks have no advance and are drawn to the
 * right of the pen, onto the next glyph.
 */
export function visualText(text: string, base: Direction = 'auto'): string {
  // A right-to-left run may hold only neutrals (", " between two Hebrew words): still reversed.
  if (base !== 'rtl' && !hasRtl(text)) return text;
  const shaped = shapeArabic(text);
  const levels = bidi.getEmbeddingLevels(shaped, base);
  const mirrored = bidi.getMirroredCharactersMap(shaped, levels.levels);
  return bidi
    .getReorderedIndices(shaped, levels)
    .map((i) => mirrored.get(i) ?? shaped[i]!)
    .join('');
}

export interface Piece<T> {
  text: string;
  tag: T;
}

/**
 * The pieces of one line (in logical order, each with its own font or style) as runs from left
 * to right: each run is a stretch of one piece at one bidi level, in logical order, to be drawn
 * with `visualText(run.text, run.rtl ? 'rtl' : 'ltr')`. `base` is the paragraph's direction.
 */
export function visualRuns<T>(
  pieces: ReadonlyArray<Piece<T>>,
  base: Direction,
): Array<Piece<T> & { rtl: boolean }> {
  const full = pieces.map((p) => p.text).join('');
  if (!hasRtl(full)) return pieces.map((p) => ({ ...p, rtl: false }));
  const owner: number[] = [];
  pieces.forEach((p, k) => {
    for (let i = 0; i < p.text.length; i++) owner.push(k);
  });
  const levels = bidi.getEmbeddingLevels(full, base);
  const order = bidi.getReorderedIndices(full, levels);
  const runs: Array<Piece<T> & { rtl: boolean }> = [];
  let start = 0;
  while (start < order.length) {
    const first = order[start]!;
    const rtl = (levels.levels[first]! & 1) === 1;
    const step = rtl ? -1 : 1;
    let end = start + 1;
    while (
      end < order.length &&
      order[end] === order[end - 1]! + step &&
      owner[order[end]!] === owner[first] &&
      (levels.levels[order[end]!]! & 1) === (rtl ? 1 : 0)
    )
      end++;
    const from = Math.min(first, order[end - 1]!);
    const to = Math.max(first, order[end - 1]!);
    runs.push({ text: full.slice(from, to + 1), tag: pieces[owner[first]!]!.tag, rtl });
    start = end;
  }
  return runs;
}
