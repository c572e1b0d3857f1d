import { jsPDF } from 'jspdf';
import type { Deflate, ExportAssets } from '../types.js';
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
export const BASELINE = 0.93;

export function lineHeight(pt: number): number {
  return pt * MM_PER_PT * LINE_HEIGHT;
}

interface JsPdfInternal {
  write(...content: string[]): void;
  scaleFactor: number;
  /** per page (from 1): the content operators written so far */
  pages: Array<string[] | undefined>;
}

/** The hook jsPDF calls for every stream it writes (page contents, font files, CMaps). */
interface JsPdfFilters {
  processDataByFilters(
    data: string,
    filters?: string | string[],
  ): { data: string; reverseChain: string };
}

interface JsPdfFont {
  id: string;
  metadata: {
    characterToGlyph(code: number): number;
    /** advance width in points of `text` at `size` pt */
    widthOfString(text: string, size: number, charSpace: number): number;
  };
}

declare module 'jspdf' {
  interface jsPDF {
    /** utf8 plugin: glyph ids of `text` as hex, recording the glyphs used for subsetting */
    pdfEscape16(text: string, font: unknown): string;
  }
}

const OPEN_ACTION = /\/OpenAction \[3 0 R \/(FitH null|FitV null|Fit|XYZ null null [\d.]+)\]/;

function fmt5(n: number): string {
  return String(Math.round(n * 100000) / 100000);
}

function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

export type Rgb = readonly [number, number, number];
export const BLACK: Rgb = [0, 0, 0];
export const GREY: Rgb = [90, 90, 90];

// The rectangles of a QR symbol in module units, shared by the card and sticker PDFs.
const qrOps = new WeakMap<QrMatrix, string>();

// jsPDF takes fonts as binary strings; the same font bytes are converted once per process.
const binaryStrings = new WeakMap<Uint8Array, string>();

function binaryString(bytes: Uint8Array): string {
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) {
    chunks.push(
      String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]),
    );
  }
  return chunks.join('');
}

function toBinaryString(bytes: Uint8Array): string {
  let out = binaryStrings.get(bytes);
  if (out === undefined) {
    out = binaryString(bytes);
    binaryStrings.set(bytes, out);
  }
  return out;
}

function binaryBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Runs `write` with jsPDF's FlateEncode replaced by `deflate`. jsPDF reads the hook from its
 * shared API object, so it is swapped only for the duration of one synchronous output.
 */
function withDeflate<T>(deflate: Deflate, write: () => T): T {
  const api = jsPDF.API as unknown as JsPdfFilters;
  const original = api.processDataByFilters;
  api.processDataByFilters = (data, filters) => {
    const chain = typeof filters === 'string' ? [filters] : (filters ?? []);
    if (chain.length !== 1 || chain[0]!.replace('/', '') !== 'FlateEncode')
      return original.call(api, data, filters);
    return { data: binaryString(deflate(binaryBytes(data))), reverseChain: '/FlateDecode' };
  };
  try {
    return write();
  } finally {
    api.processDataByFilters = original;
  }
}

/**
 * A thin layer over jsPDF in millimetres with the three DejaVu fonts embedded (subset by jsPDF,
 * with a ToUnicode map so text extracts and searches right), images added once per picture id,
 * and QR codes drawn as vector rectangles.
 */
export class PdfCanvas {
  readonly doc: jsPDF;
  private readonly internal: JsPdfInternal;
  private readonly pageHeight: number;
  private readonly deflate: Deflate | undefined;
  private page = 1;
  private readonly fonts = new Map<FontKey, JsPdfFont>();
  /** per font and raw text: the printable text, its width at 1 pt (mm) and its glyph ids */
  private readonly strings = new Map<
    FontKey,
    Map<string, { text: string; unit: number; hex?: string }>
  >();

  constructor(
    assets: ExportAssets,
    meta: { title: string; now?: Date | undefined; deflate?: Deflate | undefined },
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
   * What a string becomes in `font`: without the characters the font has no glyph for (jsPDF
   * would cut the string at the first of them, glyph 0), and its width. Layout measures the same
   * strings many times (labels, names while fitting), so the answers are kept per document.
   */
  private shape(raw: string, font: FontKey): { text: string; unit: number; hex?: string } {
    let byText = this.strings.get(font);
    if (!byText) {
      byText = new Map();
      this.strings.set(font, byText);
    }
    let shaped = byText.get(raw);
    if (!shaped) {
      const meta = this.fontEntry(font).metadata;
      let text = '';
      for (let i = 0; i < raw.length; i++) {
        if (meta.characterToGlyph(raw.charCodeAt(i)) !== 0) text += raw[i];
      }
      // TrueType advance widths are linear in the size: width at 1 pt, in mm.
      shaped = { text, unit: meta.widthOfString(text, 1, 0) * MM_PER_PT };
      byText.set(raw, shaped);
    }
    return shaped;
  }

  /** Width in mm of `text` in `font` at `pt`. */
  width(text: string, font: FontKey, pt: number): number {
    return text === '' ? 0 : this.shape(text, font).unit * pt;
  }

  /**
   * Text whose line box starts at `top` (mm). Written as one BT…ET operation with the glyph ids
   * from jsPDF's own encoder (so subsetting and the ToUnicode map stay jsPDF's); skipping
   * jsPDF's general text pipeline (alignment, arabic shaping, splitting) makes it ~5× faster.
   */
  text(text: string, x: number, top: number, font: FontKey, pt: number, color: Rgb = BLACK): void {
    if (text === '') return;
    const shaped = this.shape(text, font);
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
    let rects = qrOps.get(matrix);
    if (rects === undefined) {
      rects = qrRectangles(matrix)
        .map(([c, r, w, h]) => `${c} ${r} ${w} ${h} re`)
        .join('\n');
      qrOps.set(matrix, rects);
    }
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
    this.compactPage();
    this.doc.addPage('a4', 'portrait');
    this.page++;
  }

  /**
   * A finished page's operators joined into one string, as jsPDF will join them on output: it
   * keeps one string per operator until then, most of them V8 concatenation trees several times
   * the size of their text (10,000 labels: hundreds of MB).
   */
  private compactPage(): void {
    const ops = this.internal.pages[this.page];
    if (ops && ops.length > 1) {
      const flat = ops.join('\n');
      ops.length = 0;
      ops.push(flat);
    }
  }

  /** The finished PDF. The canvas is spent afterwards: its pages are released. */
  output(): Uint8Array {
    let pdf = this.deflate ? withDeflate(this.deflate, () => this.doc.output()) : this.doc.output();
    // jsPDF keeps a reference to its last document after output; the pages need not stay with it.
    for (const ops of this.internal.pages) if (ops) ops.length = 0;
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
