/// <reference types="node" />
// Export fonts cut down to the characters one export can draw.
//
// jsPDF parses and subsets every embedded TrueType font once per document, and for the three
// whole DejaVu fonts (1.8 MB with hinting, ~6,000 glyphs each) that costs about 0.4 s of CPU
// per PDF: most of the time of a ZIP with a cards and a sticker PDF per class. HarfBuzz
// (subset-font, WebAssembly) cuts them first to the characters the export can contain, in
// tens of milliseconds, once for all the files of one export; jsPDF then handles fonts of a
// few hundred glyphs. What the PDFs show does not change: every character of the export's own
// text and of core's labels, letters and picture names is kept, plus whole Latin, punctuation
// and symbol blocks for text the builders make themselves (dates, numbers, calibration marks).
import subsetFont from 'subset-font';
import { LABELS } from '../export/i18n.js';
import { LETTER_TEXTS } from '../export/letter-texts.js';
import type { ExportAssets } from '../export/types.js';
import { PICTURES } from '../pictures/catalogue.js';

/** Unicode blocks always kept: what the builders may draw besides the texts they are given. */
const ALWAYS: readonly [number, number][] = [
  [0x0020, 0x024f], // Basic Latin, Latin-1, Latin Extended-A and -B (« » × ę Ő Ş ţ)
  [0x2000, 0x206f], // General Punctuation (– … ’ no-break spaces)
  [0x20a0, 0x20cf], // Currency symbols
  [0x2190, 0x22ff], // Arrows, mathematical operators (−)
  [0x25a0, 0x25ff], // Geometric shapes
  [0x2700, 0x27bf], // Dingbats (✂)
  [0xfffd, 0xfffd], // what a lone surrogate is printed as
];

/** Arabic Presentation Forms-A and -B: the joined letters and lam-alef. */
const ARABIC_FORMS: readonly [number, number][] = [
  [0xfb50, 0xfdff],
  [0xfe70, 0xfeff],
];

function addDrawable(chars: Set<string>, text: string): void {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    // Lone surrogates cannot be drawn (the builders print U+FFFD for them).
    if (c >= 0x20 && (c < 0xd800 || c > 0xdfff)) chars.add(ch);
  }
}

let base: ReadonlySet<string> | undefined;

/** The blocks above and every character of core's labels, letters and picture names. */
function baseCharset(): ReadonlySet<string> {
  if (!base) {
    const chars = new Set<string>();
    for (const [from, to] of ALWAYS)
      for (let c = from; c <= to; c++) chars.add(String.fromCodePoint(c));
    addDrawable(chars, JSON.stringify([LABELS, LETTER_TEXTS, PICTURES]));
    base = chars;
  }
  return base;
}

/**
 * Every character an export of `text` can draw, once each, sorted: the blocks above, core's own
 * texts and the characters of `text` (for example the task's JSON: names, groups, school name)
 * as given and in NFC, the form the builders print (U+1FEE is printed as U+0385), and the joined
 * forms of Arabic when it has Arabic letters.
 */
export function exportCharset(text: string): string {
  const chars = new Set(baseCharset());
  addDrawable(chars, text);
  addDrawable(chars, text.normalize('NFC'));
  // Arabic is drawn in its joined forms (export/pdf/bidi.ts): the presentation form blocks.
  if (/[\u0600-\u06ff]/.test(text))
    for (const [from, to] of ARABIC_FORMS)
      for (let c = from; c <= to; c++) chars.add(String.fromCodePoint(c));
  return [...chars].sort().join('');
}

// subset-font 2.9 takes `noHinting`; its DefinitelyTyped types (2.3) do not list it yet.
const SUBSET_OPTIONS: { targetFormat: 'truetype'; noHinting: boolean } = {
  targetFormat: 'truetype',
  noHinting: true,
};

/**
 * One font cut to `charset`: the glyphs it has of those characters, without hinting (which only
 * matters for small text on low-resolution screens, not on paper).
 */
export async function subsetExportFont(font: Uint8Array, charset: string): Promise<Uint8Array> {
  const bytes = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const out = await subsetFont(bytes, charset, SUBSET_OPTIONS);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The last few subsets, by charset: the files of one export (and exports of the same school) share them. */
const recent = new Map<string, Promise<ExportAssets['fonts']>>();
const RECENT_MAX = 4;

/**
 * `assets` with its three fonts cut to what an export of `text` can draw. Cached by charset
 * (a few entries); a failed subset is not cached.
 */
export function withExportFontsFor(assets: ExportAssets, text: string): Promise<ExportAssets> {
  const charset = exportCharset(text);
  let fonts = recent.get(charset);
  if (!fonts) {
    const { regular, bold, mono } = assets.fonts;
    fonts = (async () => {
      const [r, b, m] = await Promise.all([
        subsetExportFont(regular, charset),
        subsetExportFont(bold, charset),
        subsetExportFont(mono, charset),
      ]);
      return { regular: r, bold: b, mono: m };
    })();
    fonts.catch(() => recent.delete(charset));
    recent.set(charset, fonts);
    while (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  } else {
    // Most recently used last.
    recent.delete(charset);
    recent.set(charset, fonts);
  }
  return fonts.then((f) => ({ ...assets, fonts: f }));
}
