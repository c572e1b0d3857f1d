import type { Locale } from '../usernames/locale.js';

/**
 * Fonts and picture PNGs, injected so that Node reads them from disk (`@schoolloket/core/node`)
 * and the browser fetches them by URL (`fetchExportAssets`).
 */
export interface ExportAssets {
  /** DejaVu Sans, DejaVu Sans Bold and DejaVu Sans Mono as TrueType bytes. */
  fonts: { regular: Uint8Array; bold: Uint8Array; mono: Uint8Array };
  /** The catalogue PNG of a picture id, or undefined when unknown. */
  picturePng: (id: string) => Uint8Array | undefined;
}

/**
 * zlib (RFC 1950) compression of one PDF stream. jsPDF's built-in one turns its output into a
 * string one byte at a time (a concatenation node of ~32 bytes of heap per byte of PDF, all held
 * until the document is written): Node passes `deflatePdfStream` from `@schoolloket/core/node`
 * (native zlib), the browser leaves it out and gets jsPDF's.
 */
export type Deflate = (data: Uint8Array) => Uint8Array;

export interface ExportAccount {
  studentId: string;
  stamnummer: string;
  firstName: string;
  lastName: string;
  group: string;
  username: string;
  type: 'basic' | 'advanced';
  passwordKind: 'picture' | 'word' | 'temporary';
  /** word and temporary passwords */
  password?: string;
  /** picture passwords: catalogue ids in order */
  pictures?: string[];
  /** `${PUBLIC_BASE_URL}/u/<username>`, built by the caller */
  url: string;
}

export interface ExportOptions {
  locale: Locale;
  /** e.g. 'Schoolloket' */
  productName: string;
  schoolName: string;
  assets: ExportAssets;
  /** creation date written into the files (tests pin it) */
  now?: Date;
  /** PDF stream compression; default jsPDF's own */
  deflate?: Deflate;
  /** Print settings of cards and stickers (the school's printer, the sheet in its tray). */
  print?: PrintOptions;
}

/** Millimetres; positive moves the print right (x) and down (y). */
export interface PrintOffset {
  x: number;
  y: number;
}

export interface PrintOptions {
  /**
   * Shifts everything on card and sticker pages, to make up for a printer that does not print
   * where the PDF says (the school's calibration sheet tells by how much). ±5 mm; default none.
   */
  offset?: PrintOffset;
  /**
   * Stickers: the first free label on the first sheet, 1–12 (left to right, top to bottom), so
   * a sheet of which some labels were used already is not wasted. Default 1.
   */
  firstSticker?: number;
  /** Each group (class) starts on a new page, so the printed stack splits per class. Default true. */
  groupPages?: boolean;
}

export interface LetterStudent {
  firstName: string;
  lastName: string;
  group: string;
  username: string;
  /** the family's language; falls back to LetterOptions.locale */
  locale?: Locale;
}

export interface LetterOptions {
  locale: Locale;
  schoolName: string;
  productName: string;
  /** where parents activate their co-account, e.g. https://x/co-account/activeren */
  portalUrl: string;
  /** e-mail address or phone number for help, printed when given */
  helpdesk?: string;
  assets: ExportAssets;
  now?: Date;
  /** PDF stream compression; default jsPDF's own */
  deflate?: Deflate;
}
