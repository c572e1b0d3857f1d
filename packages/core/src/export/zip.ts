import JSZip from 'jszip';
import { renderCards, renderStickers } from './pdf/sheets.js';
import type { QrCache } from './pdf/qr.js';
import { cleanText, groupRuns, sortAccounts } from './text.js';
import type { ExportAccount, ExportLocale, ExportOptions } from './types.js';
import { buildAccountsXlsx } from './xlsx.js';

export const ZIP_ENTRIES = {
  xlsx: 'accounts.xlsx',
  cards: 'cards-a4.pdf',
  stickers: 'stickers-105x48.pdf',
} as const;

/** Folder of the per-group files in the ZIP. */
export const GROUPS_FOLDER = 'groups';

const NO_GROUP: Record<ExportLocale, string> = {
  nl: 'zonder-groep',
  fr: 'sans-groupe',
  en: 'no-group',
};
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * A group name as a file name that every system and unzip tool accepts: ASCII letters and
 * digits, `.`, `_` and `-` (accents folded, anything else a hyphen), no leading dot, at most 60
 * characters, no Windows device name; names that become equal (also in case) get -2, -3, ….
 */
export function groupFileNames(groups: readonly string[], locale: ExportLocale): string[] {
  const taken = new Set<string>();
  return groups.map((group) => {
    let base = cleanText(group)
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 60)
      .replace(/[-.]+$/, '');
    if (base === '') base = NO_GROUP[locale];
    if (WINDOWS_RESERVED.test(base)) base = `_${base}`;
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/**
 * accounts.xlsx + cards-a4.pdf + stickers-105x48.pdf for everyone, and per group (class)
 * `groups/<group>-cards-a4.pdf` and `groups/<group>-stickers-105x48.pdf` for its teacher. The
 * entries are stored, not deflated: PDF streams and the xlsx package are compressed already, a
 * second pass would only cost time. The PDFs share their QR codes (encoding them is the slowest
 * step). "Begin op sticker" applies to the sticker file of all groups only.
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
  const runs = groupRuns(sortAccounts(accounts, opts.locale), opts.locale);
  const names = groupFileNames(
    runs.map((r) => r.group),
    opts.locale,
  );
  const perGroup = { ...opts, print: { ...opts.print, firstSticker: 1 } };
  runs.forEach((run, i) => {
    const base = `${GROUPS_FOLDER}/${names[i]}`;
    zip.file(`${base}-${ZIP_ENTRIES.cards}`, renderCards(run.accounts, perGroup, qrCache), {
      date,
    });
    zip.file(`${base}-${ZIP_ENTRIES.stickers}`, renderStickers(run.accounts, perGroup, qrCache), {
      date,
    });
  });
  return zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
}
