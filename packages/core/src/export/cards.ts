import { renderCards, renderStickers } from './pdf/sheets.js';
import type { ExportAccount, ExportOptions } from './types.js';

/** cards-a4.pdf: login cards to cut out, 2 × 5 per A4 page, sorted by group and name. */
export function buildCardsPdf(accounts: readonly ExportAccount[], opts: ExportOptions): Uint8Array {
  return renderCards(accounts, opts, new Map());
}

/** stickers-105x48.pdf: A4 sheets of 2 × 6 labels of 105 × 48 mm, sorted by group and name. */
export function buildStickersPdf(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
): Uint8Array {
  return renderStickers(accounts, opts, new Map());
}
