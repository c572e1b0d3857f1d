import { describePicturePassword } from '../pictures/describe.js';
import { collectBytes, type ByteSink } from './bytes.js';
import { LABELS } from './i18n.js';
import { cleanText, sortAccounts } from './text.js';
import type { ExportAccount, ExportOptions } from './types.js';
import { writeTableXlsx, type XlsxTable } from './xlsx-table.js';

export { writeTableXlsx, type XlsxTable } from './xlsx-table.js';

type XlsxOptions = Omit<ExportOptions, 'assets'>;

/** The eight cells of an account's row, cleaned, in the export language. */
function accountRow(a: ExportAccount, opts: XlsxOptions): string[] {
  return [
    cleanText(a.stamnummer),
    cleanText(a.firstName),
    cleanText(a.lastName),
    cleanText(a.group),
    cleanText(a.username),
    LABELS[opts.locale].types[a.type],
    a.passwordKind === 'picture'
      ? describePicturePassword(a.pictures ?? [], opts.locale)
      : cleanText(a.password),
    cleanText(a.url),
  ];
}

export function accountRows(accounts: readonly ExportAccount[], opts: XlsxOptions): string[][] {
  return sortAccounts(accounts, opts.locale).map((a) => accountRow(a, opts));
}

function headerRow(opts: XlsxOptions): string[] {
  const c = LABELS[opts.locale].columns;
  return [c.stamnummer, c.firstName, c.lastName, c.group, c.username, c.type, c.password, c.url];
}

/**
 * accounts.xlsx: one row per account, sorted by group, last name, first name; every value a
 * shared-string text cell (never a formula), bold frozen header row, sized columns, filter.
 */
export function writeAccountsXlsx(
  accounts: readonly ExportAccount[],
  opts: XlsxOptions,
  sink: ByteSink,
): void {
  const sorted = sortAccounts(accounts, opts.locale);
  writeTableXlsx(
    {
      sheetName: LABELS[opts.locale].sheetName,
      header: headerRow(opts),
      rows: function* () {
        for (const a of sorted) yield accountRow(a, opts);
      },
      now: opts.now,
    },
    sink,
  );
}

/** The same package as one array. */
export function buildAccountsXlsx(
  accounts: readonly ExportAccount[],
  opts: XlsxOptions,
): Uint8Array {
  return collectBytes((sink) => writeAccountsXlsx(accounts, opts, sink));
}

/** A table's package as one array. */
export function buildTableXlsx(table: XlsxTable): Uint8Array {
  return collectBytes((sink) => writeTableXlsx(table, sink));
}
