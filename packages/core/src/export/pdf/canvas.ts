import { jsPDF } from 'jspdf';
import type { JsPdfFont, JsPdfInternal } from './jspdf-types.js';
import type { Deflate, ExportAssets } from '../types.js';
import { fmt, fmt2, fmt5, toBinaryString, withDeflate, type ByteSink } from './pdf-bytes.js';
import { cleanJsPdfOutput } from './jspdf-tail.js';
import { PdfStream } from './pdf-stream.js';
import { qrRectangles, type QrMatrix } from './qr.js';
import { visualText, type Direction } from './bidi.js';

export type { ByteSink } from './pdf-bytes.js';

export const MM_PER_PT = 25.4 / 72;
/** A4 portrait in mm. */
export const A4 = { width: 210, height: 297 } as const;

export type FontKey = 'regular' | 'bold' | 'mono';

const FONTS: Record<FontKey, { file: string; family: string; style: string }> = {
  regular: { file: 'DejaVuSans.ttf', family: 'DejaVuSans', style: 'normal' },
  bold: { file: 'DejaVuSans-Bold.ttf', family: 'DejaVuSans-Bold', style: 'normal' },
  mono: { file: 'DejaVuSansMono.ttf', family: 'DejaVuSansMono', style: 'normal' },
};

// DejaVu's hhea ascender/descender are 0.928/0.236 em: a line box of 1.18 em with the baseline
// at 0.93 em keeps accents (Ő) and descenders (Ş, ţ, ę) inside the box.
export const LINE_HEIGHT = 1.18;
export const BASELINE = 0.93;

export function lineHeight(pt: number): number {
  return pt * MM_PER_PT * LINE_HEIGHT;
}

export type Rgb = readonly [number, number, number];
export const BLACK: Rgb = [0, 0, 0];
export const GREY: Rgb = [90, 90, 90];

/**
 * A thin layer over jsPDF in millimetres with the three DejaVu fonts embedded (subset by jsPDF,
 * with a ToUnicode map so text extracts and searches right), images added once per picture id,
 * and QR codes drawn as vector rectangles. Each finished page is written out at once
 * (PdfStream), so only the page being drawn stays in memory.
 */
export class PdfCanvas {
  readonly doc: jsPDF;
  private readonly internal: JsPdfInternal;
  private readonly pageHeight: number;
  private readonly deflate: Deflate | undefined;
  private readonly stream: PdfStream;
  private readonly fonts = new Map<FontKey, JsPdfFont>();
  /**
   * per font and direction, then raw text: the printable text (in visual order), its width at
   * 1 pt (mm) and its glyph ids
   */
  private readonly strings = new Map<
    string,
    Map<string, { text: string; unit: number; hex?: string }>
  >();

  constructor(
    assets: ExportAssets,
    meta: {
      title: string;
      now?: Date | undefined;
      deflate?: Deflate | undefined;
      /**
       * Where the PDF goes, piece by piece as pages are finished (call `finish()`); without
       * one, `output()` returns it whole.
       */
      sink?: ByteSink | undefined;
    },
  ) {
    this.doc = new jsPDF({
      unit: 'mm',
      format: 'a4',
      orientation: 'portrait',
      compress: true,
      floatPrecision: 3,
    });
    this.internal = (this.doc as unknown as { internal: JsPdfInternal }).internal;
    for (const key of Object.keys(FONTS) as FontKey[]) {
      const f = FONTS[key];
      // A binary string starting with the TrueType magic is taken as is (no base64 round trip).
      this.doc.addFileToVFS(f.file, toBinaryString(assets.fonts[key]));
      this.doc.addFont(f.file, f.family, f.style, 'Identity-H');
    }
    // Only our own constant strings go into the document info; never a user value.
    this.doc.setProperties({ title: meta.title, creator: 'schoolloket' });
    this.doc.setCreationDate(meta.now ?? new Date());
    this.pageHeight = this.doc.internal.pageSize.getHeight();
    this.deflate = meta.deflate;
    const k = this.internal.scaleFactor;
    const mediaBox = `[0 0 ${fmt2(this.doc.internal.pageSize.getWidth() * k)} ${fmt2(this.pageHeight * k)}]`;
    this.stream = new PdfStream(mediaBox, meta.deflate, meta.sink);
  }

  private fontEntry(font: FontKey): JsPdfFont {
    let entry = this.fonts.get(font);
    if (!entry) {
      entry = (this.doc.getFont as unknown as (name: string, style: string) => JsPdfFont)(
        FONTS[font].family,
        FONTS[font].style,
      );
      this.fonts.set(font, entry);
    }
    return entry;
  }

  /**
   * What a string becomes in `font`: shaped and in visual order (bidi.ts) for paragraph
   * direction `dir`, without the characters the font has no glyph for (jsPDF would cut the
   * string at the first of them, glyph 0), and its width. Layout measures the same strings many
   * times (labels, names while fitting), so the answers are kept per document.
   */
  private shape(
    raw: string,
    font: FontKey,
    dir: Direction,
  ): { text: string; unit: number; hex?: string } {
    const key = `${font} ${dir}`;
    let byText = this.strings.get(key);
    if (!byText) {
      byText = new Map();
      this.strings.set(key, byText);
    }
    let shaped = byText.get(raw);
    if (!shaped) {
      const meta = this.fontEntry(font).metadata;
      const has = (ch: string): boolean => meta.characterToGlyph(ch.charCodeAt(0)) !== 0;
      const visual = visualText(raw, dir);
      let text = '';
      for (let i = 0; i < visual.length; i++) {
        const ch = visual[i]!;
        if (has(ch)) text += ch;
        else {
          // A joined form the font lacks (some Urdu letters): the plain letter, unjoined.
          const plain = ch.normalize('NFKC');
          if (plain !== ch && plain.length === 1 && has(plain)) text += plain;
        }
      }
      // TrueType advance widths are linear in the size: width at 1 pt, in mm.
      shaped = { text, unit: meta.widthOfString(text, 1, 0) * MM_PER_PT };
      byText.set(raw, shaped);
    }
    return shaped;
  }

  /**
   * The characters of `raw` that `font` has no glyph for, once each in order of appearance: what
   * `shape` leaves out of the printed text (a character outside the BMP is never drawn: jsPDF
   * maps UTF-16 code units).
   */
  missing(raw: string, font: FontKey): string {
    const meta = this.fontEntry(font).metadata;
    const out = new Set<string>();
    for (const ch of raw) {
      const c = ch.codePointAt(0)!;
      if (c > 0xffff || meta.characterToGlyph(c) === 0) out.add(ch);
    }
    return [...out].join('');
  }

  /**
   * Width in mm of `text` in `font` at `pt`, as drawn with paragraph direction `dir` (Arabic
   * joined forms have their own widths).
   */
  width(text: string, font: FontKey, pt: number, dir: Direction = 'auto'): number {
    return text === '' ? 0 : this.shape(text, font, dir).unit * pt;
  }

  /**
   * Text (in logical order) whose line box starts at `top` (mm), left-aligned at `x`; `dir` is
   * its paragraph direction ('auto': from its first strong character, right for a name on its
   * own). Written as one BT…ET operation with the glyph ids from jsPDF's own encoder (so
   * subsetting and the ToUnicode map stay jsPDF's); skipping jsPDF's general text pipeline
   * (alignment, splitting; its Arabic shaping is used through `shape`) makes it ~5× faster.
   */
  text(
    text: string,
    x: number,
    top: number,
    font: FontKey,
    pt: number,
    color: Rgb = BLACK,
    dir: Direction = 'auto',
  ): void {
    if (text === '') return;
    const shaped = this.shape(text, font, dir);
    if (shaped.text === '') return;
    const entry = this.fontEntry(font);
    // Encoding records the glyphs used (for the subset), so once per string and document is enough.
    shaped.hex ??= this.doc.pdfEscape16(shaped.text, entry);
    const k = this.internal.scaleFactor;
    const baseline = this.pageHeight - (top + pt * MM_PER_PT * BASELINE);
    const fill =
      color[0] === color[1] && color[1] === color[2]
        ? `${fmt(color[0] / 255)} g`
        : `${fmt(color[0] / 255)} ${fmt(color[1] / 255)} ${fmt(color[2] / 255)} rg`;
    // q…Q: the fill colour must not leak into later jsPDF drawing, which tracks its own state.
    this.internal.write(
      `q BT /${entry.id} ${fmt(pt)} Tf ${fill} ${fmt(x * k)} ${fmt(baseline * k)} Td <${shaped.hex}> Tj ET Q`,
    );
  }

  /** A PNG, embedded once per alias however often it is drawn. */
  image(alias: string, png: Uint8Array, x: number, y: number, w: number, h: number): void {
    this.doc.addImage(png, 'PNG', x, y, w, h, alias, 'FAST');
  }

  /** Dark modules of a QR symbol as filled vector rectangles. */
  qr(matrix: QrMatrix, x: number, y: number, size: number): void {
    const k = this.internal.scaleFactor;
    const module = size / matrix.size;
    // One transform so that the rectangles are written in module units (short integers):
    // flips y and moves the origin to the symbol's top-left corner.
    const cm = `q 0 g ${fmt5(module * k)} 0 0 ${fmt5(-module * k)} ${fmt(x * k)} ${fmt((this.pageHeight - y) * k)} cm`;
    const rects = qrRectangles(matrix)
      .map(([c, r, w, h]) => `${c} ${r} ${w} ${h} re`)
      .join('\n');
    this.internal.write(`${cm}\n${rects}\nf Q`);
  }

  line(x1: number, y1: number, x2: number, y2: number, widthMm: number, color: Rgb): void {
    this.doc.setDrawColor(color[0], color[1], color[2]);
    this.doc.setLineWidth(widthMm);
    this.doc.line(x1, y1, x2, y2);
  }

  rect(x: number, y: number, w: number, h: number, widthMm: number, color: Rgb): void {
    this.doc.setDrawColor(color[0], color[1], color[2]);
    this.doc.setLineWidth(widthMm);
    this.doc.rect(x, y, w, h, 'S');
  }

  addPage(): void {
    this.doc.addPage('a4', 'portrait');
    // The finished page leaves jsPDF (and memory) now; jsPDF keeps only the page being drawn.
    this.writePage(1);
    this.doc.deletePage(1);
  }

  /** The finished page `n` leaves jsPDF: written out, its operators dropped. */
  private writePage(n: number): void {
    const ops = this.internal.pages[n]!;
    // As jsPDF's putPage joins them.
    const content = ops.join('\n');
    ops.length = 0;
    this.stream.writePage(content);
    // Measured strings of this page: names and passwords do not come back on the next one.
    this.strings.clear();
    // jsPDF records a glyph id for every character it encodes (for the font subset); kept to
    // the distinct ones, in first-use order, the record stays as small as the alphabet.
    for (const font of this.fonts.values())
      font.metadata.glyIdsUsed = [...new Set(font.metadata.glyIdsUsed)];
  }

  /**
   * Writes the last page and then what belongs to the whole document: the fonts (subset to
   * the glyphs of all pages), the images, the page tree, the catalog and the cross-reference
   * table. Those come from jsPDF's own output of the document it now holds (one empty page,
   * dropped; PdfStream.finish). The canvas is spent afterwards.
   */
  finish(): void {
    this.writePage(1);
    const tail = cleanJsPdfOutput(
      this.deflate ? withDeflate(this.deflate, () => this.doc.output()) : this.doc.output(),
    );
    this.stream.finish(tail);
    // jsPDF keeps a reference to its last document after output; the page need not stay with it.
    for (const ops of this.internal.pages) if (ops) ops.length = 0;
  }

  /** The finished PDF, when the canvas was made without a sink. The canvas is spent afterwards. */
  output(): Uint8Array {
    this.finish();
    return this.stream.collected();
  }
}
