import * as XLSX from 'xlsx';
import { describePicturePassword } from '../pictures/describe.js';
import { LABELS } from './i18n.js';
import { cleanText, sortAccounts } from './text.js';
import type { ExportAccount, ExportOptions } from './types.js';

type XlsxOptions = Omit<ExportOptions, 'assets'>;

// SheetJS community edition writes neither fonts nor panes, so the generated package is patched:
// style 1 = bold (header row), style 2 = quotePrefix (a value starting with = + - @ stays text
// even after someone edits the cell in Excel). The zip is re-packed with SheetJS' own
// synchronous CFB container code (reading our own output, never an upload).
const STYLE_BOLD = 1;
const STYLE_QUOTED = 2;
const FORMULA_LIKE = /^[=+\-@\t\r]/;

/** CFB is a named export of xlsx.mjs (browser) but only reachable via `default` from xlsx.js (Node). */
const CFB: CfbApi =
  (XLSX as unknown as { CFB?: CfbApi }).CFB ??
  (XLSX as unknown as { default: { CFB: CfbApi } }).default.CFB;

interface CfbEntry {
  content: Uint8Array | number[];
}
interface CfbContainer {
  FullPaths: string[];
  FileIndex: CfbEntry[];
}
interface CfbApi {
  read(data: Uint8Array, opts: { type: 'array' }): CfbContainer;
  write(
    cfb: CfbContainer,
    opts: { fileType: 'zip'; type: 'array'; compression: boolean },
  ): ArrayLike<number>;
}

export function accountRows(accounts: readonly ExportAccount[], opts: XlsxOptions): string[][] {
  const types = LABELS[opts.locale].types;
  return sortAccounts(accounts, opts.locale).map((a) => [
    cleanText(a.stamnummer),
    cleanText(a.firstName),
    cleanText(a.lastName),
    cleanText(a.group),
    cleanText(a.username),
    types[a.type],
    a.passwordKind === 'picture'
      ? describePicturePassword(a.pictures ?? [], opts.locale)
      : cleanText(a.password),
    cleanText(a.url),
  ]);
}

/**
 * accounts.xlsx: one row per account, sorted by group, last name, first name; every value a
 * shared-string text cell (never a formula), bold frozen header row, sized columns, filter.
 */
export function buildAccountsXlsx(
  accounts: readonly ExportAccount[],
  opts: XlsxOptions,
): Uint8Array {
  const labels = LABELS[opts.locale];
  const c = labels.columns;
  const header = [
    c.stamnummer,
    c.firstName,
    c.lastName,
    c.group,
    c.username,
    c.type,
    c.password,
    c.url,
  ];
  const rows = [header, ...accountRows(accounts, opts)];

  const ws: XLSX.WorkSheet = {};
  const widths = header.map((h) => h.length);
  const quoted: string[] = [];
  rows.forEach((row, r) => {
    row.forEach((value, col) => {
      const ref = XLSX.utils.encode_cell({ r, c: col });
      // Built cell by cell with t:'s': no type guessing, no formula, leading zeros kept.
      ws[ref] = { t: 's', v: value };
      if (r > 0 && FORMULA_LIKE.test(value)) quoted.push(ref);
      widths[col] = Math.max(widths[col] ?? 0, value.length);
    });
  });
  const range = { s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: header.length - 1 } };
  ws['!ref'] = XLSX.utils.encode_range(range);
  ws['!autofilter'] = { ref: ws['!ref'] };
  ws['!cols'] = widths.map((w) => ({ wch: Math.min(60, w + 2) }));

  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, labels.sheetName);
  wb.Props = { Title: labels.sheetName, CreatedDate: opts.now ?? new Date() };
  const raw = XLSX.write(wb, {
    type: 'array',
    bookType: 'xlsx',
    bookSST: true,
    // stored: the package is compressed once, when it is re-packed after patching
    compression: false,
  }) as ArrayBuffer;
  return patchStylesAndPanes(new Uint8Array(raw), header.length, quoted);
}

function patchStylesAndPanes(
  xlsx: Uint8Array,
  columns: number,
  quoted: readonly string[],
): Uint8Array {
  const cfb = CFB.read(xlsx, { type: 'array' });
  const edit = (path: string, fn: (xml: string) => string): void => {
    const i = cfb.FullPaths.findIndex((p) => p.endsWith(`/${path}`));
    const entry = cfb.FileIndex[i];
    if (!entry) throw new Error(`xlsx: ${path} missing`);
    entry.content = new TextEncoder().encode(
      fn(new TextDecoder().decode(Uint8Array.from(entry.content))),
    );
  };
  const replaceOnce = (xml: string, from: string | RegExp, to: string): string => {
    const out = xml.replace(from, to);
    // A SheetJS upgrade that changes its output must fail loudly, not silently lose the styles.
    if (out === xml) throw new Error(`xlsx: cannot patch ${String(from)}`);
    return out;
  };

  edit('xl/styles.xml', (xml) => {
    xml = replaceOnce(
      xml,
      /<fonts count="1">(<font>)(.*?)(<\/font>)<\/fonts>/,
      '<fonts count="2">$1$2$3$1<b/>$2$3</fonts>',
    );
    return replaceOnce(
      xml,
      /<cellXfs count="1">(.*?)<\/cellXfs>/,
      '<cellXfs count="3">$1' +
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>' +
        '</cellXfs>',
    );
  });

  edit('xl/worksheets/sheet1.xml', (xml) => {
    xml = replaceOnce(
      xml,
      '<sheetView workbookViewId="0"/>',
      '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>',
    );
    const styleOf = new Map<string, number>(quoted.map((ref) => [ref, STYLE_QUOTED]));
    for (let col = 0; col < columns; col++)
      styleOf.set(XLSX.utils.encode_cell({ r: 0, c: col }), STYLE_BOLD);
    let styled = 0;
    xml = xml.replace(/<c r="([A-Z]+[0-9]+)" t="s">/g, (cell, ref: string) => {
      const style = styleOf.get(ref);
      if (style === undefined) return cell;
      styled++;
      return `<c r="${ref}" s="${style}" t="s">`;
    });
    if (styled !== styleOf.size) throw new Error('xlsx: cannot patch cell styles');
    return xml;
  });

  return Uint8Array.from(CFB.write(cfb, { fileType: 'zip', type: 'array', compression: true }));
}
