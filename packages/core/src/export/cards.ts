import type { ByteSink } from './pdf/canvas.js';
import { renderSheets, writeSheets } from './pdf/sheets.js';
import type { ExportAccount, ExportOptions } from './types.js';

/** cards-a4.pdf: login cards to cut out, 2 × 5 per A4 page, sorted by group and name. */
export function buildCardsPdf(accounts: readonly ExportAccount[], opts: ExportOptions): Uint8Array {
  return renderSheets('cards', accounts, opts, new Map());
}

/** stickers-105x48.pdf: A4 sheets of 2 × 6 labels of 105 × 48 mm, sorted by group and name. */
export function buildStickersPdf(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
): Uint8Array {
  return renderSheets('stickers', accounts, opts, new Map());
}

/** cards-a4.pdf written to `sink` page by page: its memory does not grow with the pages. */
export function writeCardsPdf(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
  sink: ByteSink,
): void {
  writeSheets('cards', accounts, opts, new Map(), sink);
}

/** stickers-105x48.pdf written to `sink` page by page. */
export function writeStickersPdf(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
  sink: ByteSink,
): void {
  writeSheets('stickers', accounts, opts, new Map(), sink);
}
