import JSZip from 'jszip';
import { renderCards, renderStickers } from './pdf/sheets.js';
import type { QrCache } from './pdf/qr.js';
import type { ExportAccount, ExportOptions } from './types.js';
import { buildAccountsXlsx } from './xlsx.js';

export const ZIP_ENTRIES = {
  xlsx: 'accounts.xlsx',
  cards: 'cards-a4.pdf',
  stickers: 'stickers-105x48.pdf',
} as const;

/**
 * accounts.xlsx + cards-a4.pdf + stickers-105x48.pdf. The entries are stored, not deflated: PDF
 * streams and the xlsx package are compressed already, a second pass would only cost time. The
 * two PDFs share their QR codes (encoding them is the slowest step).
 */
export async function buildAccountsZip(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
): Promise<Uint8Array> {
  const { assets: _assets, ...xlsxOpts } = opts;
  const qrCache: QrCache = new Map();
  const zip = new JSZip();
  const date = opts.now ?? new Date();
  zip.file(ZIP_ENTRIES.xlsx, buildAccountsXlsx(accounts, xlsxOpts), { date });
  zip.file(ZIP_ENTRIES.cards, renderCards(accounts, opts, qrCache), { date });
  zip.file(ZIP_ENTRIES.stickers, renderStickers(accounts, opts, qrCache), { date });
  return zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
}
