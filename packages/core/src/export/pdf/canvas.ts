import { jsPDF } from 'jspdf';
import type { ExportAssets } from '../types.js';
import { qrRectangles, type QrMatrix } from './qr.js';

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
const BASELINE = 0.93;

export function lineHeight(pt: number): number {
  return pt * MM_PER_PT * LINE_HEIGHT;
}

interface JsPdfInternal {
  write(...content: string[]): void;
  scaleFactor: number;
}

interface JsPdfFont {
  id: string;
  metadata: { characterToGlyph(code: number): number };
}

declare module 'jspdf' {
  interface jsPDF {
    /** utf8 plugin: glyph ids of `text` as hex, recording the glyphs used for subsetting */
    pdfEscape16(text: string, font: unknown): string;
  }
}

const OPEN_ACTION = /\/OpenAction \[3 0 R \/(FitH null|FitV null|Fit|XYZ null null [\d.]+)\]/;

function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

export type Rgb = readonly [number, number, number];
export const BLACK: Rgb = [0, 0, 0];
export const GREY: Rgb = [90, 90, 90];

// jsPDF takes fonts as binary strings; the same font bytes are converted once per process.
const binaryStrings = new WeakMap<Uint8Array, string>();

function toBinaryString(bytes: Uint8Array): string {
  let out = binaryStrings.get(bytes);
  if (out === undefined) {
    out = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
    }
    binaryStrings.set(bytes, out);
  }
  return out;
}

/**
 * A thin layer over jsPDF in millimetres with the three DejaVu fonts embedded (subset by jsPDF,
 * with a ToUnicode map so text extracts and searches right), images added once per picture id,
 * and QR codes drawn as vector rectangles.
 */
export class PdfCanvas {
  readonly doc: jsPDF;
  private readonly internal: JsPdfInternal;
  private font: FontKey | undefined;
  private size = 0;
  private readonly pageHeight: number;
  private readonly glyphs = new Map<FontKey, Map<number, boolean>>();
  private readonly fonts = new Map<FontKey, JsPdfFont>();

  constructor(assets: ExportAssets, meta: { title: string; now?: Date | undefined }) {
    this.doc = new jsPDF({ unit: 'mm', format: 'a4', orientation: 'portrait', compress: true, floatPrecision: 3 });
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
  }

  private use(font: FontKey, pt: number): void {
    if (this.font !== font) {
      this.doc.setFont(FONTS[font].family, FONTS[font].style);
      this.font = font;
    }
    if (this.size !== pt) {
      this.doc.setFontSize(pt);
      this.size = pt;
    }
  }

  /**
   * `text` without the characters the font has no glyph for: jsPDF would cut the string at the
   * first of them (glyph 0), and the width would be wrong.
   */
  private printable(text: string, font: FontKey): string {
    let known = this.glyphs.get(font);
    if (!known) {
      known = new Map();
      this.glyphs.set(font, known);
    }
    const meta = this.fontEntry(font).metadata;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let ok = known.get(code);
      if (ok === undefined) {
        ok = meta.characterToGlyph(code) !== 0;
        known.set(code, ok);
      }
      if (ok) out += text[i];
    }
    return out;
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

  /** Width in mm of `text` in `font` at `pt`. */
  width(text: string, font: FontKey, pt: number): number {
    const t = this.printable(text, font);
    if (t === '') return 0;
    this.use(font, pt);
    return this.doc.getTextWidth(t);
  }

  /**
   * Text whose line box starts at `top` (mm). Written as one BT…ET operation with the glyph ids
   * jsPDF's own encoder gives (so subsetting and the ToUnicode map stay jsPDF's); skipping
   * jsPDF's general text pipeline (alignment, arabic shaping, splitting) makes it ~5× faster.
   */
  text(text: string, x: number, top: number, font: FontKey, pt: number, color: Rgb = BLACK): void {
    const t = this.printable(text, font);
    if (t === '') return;
    const entry = this.fontEntry(font);
    const hex = this.doc.pdfEscape16(t, entry);
    const k = this.internal.scaleFactor;
    const baseline = this.pageHeight - (top + pt * MM_PER_PT * BASELINE);
    const fill = color[0] === color[1] && color[1] === color[2]
      ? `${fmt(color[0] / 255)} g`
      : `${fmt(color[0] / 255)} ${fmt(color[1] / 255)} ${fmt(color[2] / 255)} rg`;
    // q…Q: the fill colour must not leak into later jsPDF drawing, which tracks its own state.
    this.internal.write(`q BT /${entry.id} ${fmt(pt)} Tf ${fill} ${fmt(x * k)} ${fmt(baseline * k)} Td <${hex}> Tj ET Q`);
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
    const ops = [
      `q 0 g ${(module * k).toFixed(5)} 0 0 ${(-module * k).toFixed(5)} ${(x * k).toFixed(3)} ${((this.pageHeight - y) * k).toFixed(3)} cm`,
    ];
    for (const [c, r, w, h] of qrRectangles(matrix)) ops.push(`${c} ${r} ${w} ${h} re`);
    ops.push('f Q');
    this.internal.write(ops.join('\n'));
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
  }

  output(): Uint8Array {
    let pdf = this.doc.output();
    // Two fixes to what jsPDF writes, each the same length so that the xref offsets stay right:
    // no /OpenAction (jsPDF always adds a zoom action; we promise a PDF without any action),
    // and the CID ordering is "Identity" (jsPDF writes the encoding name, which readers flag).
    pdf = pdf.replace(OPEN_ACTION, (m) => ' '.repeat(m.length));
    pdf = pdf.replaceAll('/Ordering (Identity-H)', '/Ordering (Identity)  ');
    const bytes = new Uint8Array(pdf.length);
    for (let i = 0; i < pdf.length; i++) bytes[i] = pdf.charCodeAt(i);
    return bytes;
  }
}
