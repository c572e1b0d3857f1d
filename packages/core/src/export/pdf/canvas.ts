import { jsPDF } from 'jspdf';
import type { ExportAssets } from '../types.js';
import type { QrMatrix } from './qr.js';

export const MM_PER_PT = 25.4 / 72;
/** A4 portrait in mm. */
export const A4 = { width: 210, height: 297 } as const;

export type FontKey = 'regular' | 'bold' | 'mono';

const FONTS: Record<FontKey, { file: string; family: string; style: string }> = {
  regular: { file: 'DejaVuSans.ttf', family: 'DejaVuSans', style: 'normal' },
  bold: { file: 'DejaVuSans-Bold.ttf', family: 'DejaVuSans', style: 'bold' },
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

export type Rgb = readonly [number, number, number];
export const BLACK: Rgb = [0, 0, 0];
export const GREY: Rgb = [90, 90, 90];

function toBinaryString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x8000)));
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
  private color: Rgb | undefined;

  constructor(assets: ExportAssets, meta: { title: string; now?: Date | undefined }) {
    this.doc = new jsPDF({ unit: 'mm', format: 'a4', orientation: 'portrait', compress: true });
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
    this.doc.setLineHeightFactor(LINE_HEIGHT);
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

  /** Width in mm of `text` in `font` at `pt`. */
  width(text: string, font: FontKey, pt: number): number {
    if (text === '') return 0;
    this.use(font, pt);
    return this.doc.getTextWidth(text);
  }

  /** Text whose line box starts at `top` (mm); returns the advance width. */
  text(text: string, x: number, top: number, font: FontKey, pt: number, color: Rgb = BLACK): void {
    if (text === '') return;
    this.use(font, pt);
    if (this.color !== color) {
      this.doc.setTextColor(color[0], color[1], color[2]);
      this.color = color;
    }
    this.doc.text(text, x, top + pt * MM_PER_PT * BASELINE);
  }

  /** A PNG, embedded once per alias however often it is drawn. */
  image(alias: string, png: Uint8Array, x: number, y: number, w: number, h: number): void {
    this.doc.addImage(png, 'PNG', x, y, w, h, alias, 'FAST');
  }

  /** Dark modules of a QR symbol as filled rectangles (one per horizontal run). */
  qr(matrix: QrMatrix, x: number, y: number, size: number): void {
    const k = this.internal.scaleFactor;
    const module = size / matrix.size;
    const pageHeight = this.doc.internal.pageSize.getHeight();
    // One transform so that the rectangles are written in module units (short integers):
    // flips y and moves the origin to the symbol's top-left corner.
    const ops = [
      `q 0 g ${(module * k).toFixed(5)} 0 0 ${(-module * k).toFixed(5)} ${(x * k).toFixed(3)} ${((pageHeight - y) * k).toFixed(3)} cm`,
    ];
    const n = matrix.size;
    const d = matrix.data;
    for (let r = 0; r < n; r++) {
      let c = 0;
      while (c < n) {
        if (!d[r * n + c]) {
          c++;
          continue;
        }
        const start = c;
        while (c < n && d[r * n + c]) c++;
        ops.push(`${start} ${r} ${c - start} 1 re`);
      }
    }
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
    return new Uint8Array(this.doc.output('arraybuffer'));
  }
}
