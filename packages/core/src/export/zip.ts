import type { Locale } from '../usernames/locale.js';
import { Zip, ZipPassThrough } from 'fflate';
import { collectBytes, type ByteSink } from './bytes.js';
import type { QrCache } from './pdf/qr.js';
import { writeSheets } from './pdf/sheets.js';
import { cleanText, groupRuns, sortAccounts } from './text.js';
import type { ExportAccount, ExportOptions } from './types.js';
import { buildAccountsXlsx } from './xlsx.js';

export const ZIP_ENTRIES = {
  xlsx: 'accounts.xlsx',
  cards: 'cards-a4.pdf',
  stickers: 'stickers-105x48.pdf',
} as const;

/** Folder of the per-group files in the ZIP. */
export const GROUPS_FOLDER = 'groups';

const NO_GROUP: Record<Locale, string> = {
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
export function groupFileNames(groups: readonly string[], locale: Locale): string[] {
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
 * `groups/<group>-cards-a4.pdf` and `groups/<group>-stickers-105x48.pdf` for its teacher,
 * written to `sink` as it is built: each PDF goes into the ZIP page by page (fflate's streaming
 * writer, sizes and CRC in a data descriptor after each entry), so the memory needed does not
 * grow with the number of accounts. The entries are stored, not deflated: PDF streams and the
 * xlsx package are compressed already, a second pass would only cost time. The PDFs share the
 * QR codes' masks (choosing one is the slowest step of encoding). "Begin op sticker" applies
 * to the sticker file of all groups only.
 */
export function writeAccountsZip(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
  sink: ByteSink,
): void {
  const { assets: _assets, ...xlsxOpts } = opts;
  const qrCache: QrCache = new Map();
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else sink(chunk);
  });
  const date = opts.now ?? new Date();
  const entry = (name: string, write: (sink: ByteSink) => void): void => {
    const file = new ZipPassThrough(name);
    file.mtime = date;
    zip.add(file);
    write((chunk) => file.push(chunk));
    file.push(new Uint8Array(0), true);
    if (failed) throw failed;
  };
  entry(ZIP_ENTRIES.xlsx, (out) => out(buildAccountsXlsx(accounts, xlsxOpts)));
  entry(ZIP_ENTRIES.cards, (out) => writeSheets('cards', accounts, opts, qrCache, out));
  entry(ZIP_ENTRIES.stickers, (out) => writeSheets('stickers', accounts, opts, qrCache, out));
  const runs = groupRuns(sortAccounts(accounts, opts.locale), opts.locale);
  const names = groupFileNames(
    runs.map((r) => r.group),
    opts.locale,
  );
  const perGroup = { ...opts, print: { ...opts.print, firstSticker: 1 } };
  runs.forEach((run, i) => {
    const base = `${GROUPS_FOLDER}/${names[i]}`;
    entry(`${base}-${ZIP_ENTRIES.cards}`, (out) =>
      writeSheets('cards', run.accounts, perGroup, qrCache, out),
    );
    entry(`${base}-${ZIP_ENTRIES.stickers}`, (out) =>
      writeSheets('stickers', run.accounts, perGroup, qrCache, out),
    );
  });
  zip.end();
  if (failed) throw failed;
}

/** The same ZIP as one array (the browser; small selections). */
export function buildAccountsZip(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
): Promise<Uint8Array> {
  return Promise.resolve(collectBytes((sink) => writeAccountsZip(accounts, opts, sink)));
}
