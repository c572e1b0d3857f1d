import { Zip, ZipDeflate } from 'fflate';
import * as XLSX from 'xlsx';
import { describePicturePassword } from '../pictures/describe.js';
import { LABELS } from './i18n.js';
import { cleanText, sortAccounts } from './text.js';
import type { ByteSink } from './pdf/canvas.js';
import type { ExportAccount, ExportOptions } from './types.js';

type XlsxOptions = Omit<ExportOptions, 'assets'>;

// Style 1 = bold (header row), style 2 = quotePrefix (a value starting with = + - @ stays text
// even after someone edits the cell in Excel). SheetJS' own synchronous CFB container code
// reads its header-only package (our own output, never an upload).
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
}

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

const COLUMNS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ROWS_PER_CHUNK = 200;

/** XML text as SheetJS writes it. */
function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!,
  );
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

/** A sheet of text cells: its name, its header row and its rows (read three times). */
export interface XlsxTable {
  sheetName: string;
  header: readonly string[];
  rows: () => Iterable<readonly string[]>;
  now?: Date;
}

/**
 * One sheet of text: every value a shared-string text cell (never a formula; one that looks like
 * one is quote-prefixed), bold frozen header row, sized columns, filter. At most 26 columns.
 *
 * Written to `sink` as it is built, so 10,000 rows need no more memory than 10: SheetJS builds
 * the package around a header-only sheet (styles, theme, properties, patched as below), and the
 * sheet and its shared strings are streamed in its place, deflated by fflate. The shared strings
 * are not deduplicated: cell k of the sheet is string k, so the sheet and the string table are
 * two passes over the rows and no table of strings is ever held. The column widths are a
 * third pass (they come before the rows in the sheet).
 */
export function writeTableXlsx(table: XlsxTable, sink: ByteSink): void {
  const header = table.header.map((h) => cleanText(h));
  if (header.length < 1 || header.length > COLUMNS.length)
    throw new Error(`xlsx: ${header.length} columns`);
  const lastColumn = COLUMNS[header.length - 1]!;
  const rows = function* (): Generator<readonly string[]> {
    yield header;
    for (const row of table.rows()) yield header.map((_, i) => cleanText(row[i] ?? ''));
  };
  const widths = header.map(() => 0);
  let last = 0;
  for (const row of rows()) {
    last++;
    row.forEach((v, col) => (widths[col] = Math.max(widths[col]!, v.length)));
  }
  const range = `A1:${lastColumn}${last}`;

  const parts = staticParts(header, table.sheetName, table.now);
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else sink(chunk);
  });
  const encoder = new TextEncoder();
  const date = table.now ?? new Date();
  const part = (path: string, write: (push: (xml: string) => void) => void): void => {
    const file = new ZipDeflate(path, { level: 6 });
    file.mtime = date;
    zip.add(file);
    write((xml) => file.push(encoder.encode(xml)));
    file.push(new Uint8Array(0), true);
    if (failed) throw failed;
  };
  for (const [path, content] of parts) {
    if (path === 'xl/worksheets/sheet1.xml')
      part(path, (push) => {
        const cols = widths
          .map((w, i) => {
            const wch = Math.min(60, w + 2);
            const width = Math.floor((wch + 5 / 6) * 256) / 256;
            return `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`;
          })
          .join('');
        push(
          `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><dimension ref="${range}"/>` +
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
            `<cols>${cols}</cols><sheetData>`,
        );
        let r = 0;
        let k = 0;
        let chunk = '';
        for (const row of rows()) {
          r++;
          chunk += `<row r="${r}">`;
          row.forEach((value, col) => {
            const style =
              r === 1 ? STYLE_BOLD : FORMULA_LIKE.test(value) ? STYLE_QUOTED : undefined;
            const s = style === undefined ? '' : ` s="${style}"`;
            chunk += `<c r="${COLUMNS[col]}${r}"${s} t="s"><v>${k++}</v></c>`;
          });
          chunk += '</row>';
          if (r % ROWS_PER_CHUNK === 0) {
            push(chunk);
            chunk = '';
          }
        }
        push(
          `${chunk}</sheetData><autoFilter ref="${range}"/><ignoredErrors>` +
            `<ignoredError numberStoredAsText="1" sqref="${range}"/></ignoredErrors></worksheet>`,
        );
      });
    else if (path === 'xl/sharedStrings.xml')
      part(path, (push) => {
        const count = last * header.length;
        push(`${XML_DECLARATION}<sst xmlns="${MAIN_NS}" count="${count}" uniqueCount="${count}">`);
        let r = 0;
        let chunk = '';
        for (const row of rows()) {
          for (const value of row) {
            const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : '';
            chunk += `<si><t${space}>${escapeXml(value)}</t></si>`;
          }
          if (++r % ROWS_PER_CHUNK === 0) {
            push(chunk);
            chunk = '';
          }
        }
        push(`${chunk}</sst>`);
      });
    else if (path === 'xl/workbook.xml')
      part(path, (push) => push(replaceOnce(decode(content), `!A1:${lastColumn}1<`, `!${range}<`)));
    else part(path, (push) => push(decode(content)));
  }
  zip.end();
  if (failed) throw failed;
}

/** The same package as one array. */
export function buildAccountsXlsx(
  accounts: readonly ExportAccount[],
  opts: XlsxOptions,
): Uint8Array {
  return collect((sink) => writeAccountsXlsx(accounts, opts, sink));
}

/** A table's package as one array. */
export function buildTableXlsx(table: XlsxTable): Uint8Array {
  return collect((sink) => writeTableXlsx(table, sink));
}

function collect(write: (sink: ByteSink) => void): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  write((chunk) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function replaceOnce(xml: string, from: string | RegExp, to: string): string {
  // A SheetJS upgrade that changes its output must fail loudly, not silently lose the styles.
  if (!(typeof from === 'string' ? xml.includes(from) : from.test(xml)))
    throw new Error(`xlsx: cannot patch ${String(from)}`);
  return xml.replace(from, to);
}

/**
 * The parts of the package around the sheet, in SheetJS's order: what SheetJS writes for a
 * workbook of the header row alone, with the bold style and the quotePrefix style added
 * (SheetJS community edition writes neither fonts nor panes).
 */
function staticParts(
  header: readonly string[],
  sheetName: string,
  now: Date | undefined,
): Array<[string, Uint8Array]> {
  const ws: XLSX.WorkSheet = {};
  header.forEach((value, c) => (ws[XLSX.utils.encode_cell({ r: 0, c })] = { t: 's', v: value }));
  const ref = `A1:${COLUMNS[header.length - 1]}1`;
  ws['!ref'] = ref;
  ws['!autofilter'] = { ref };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName);
  wb.Props = { Title: sheetName, CreatedDate: now ?? new Date() };
  const raw = XLSX.write(wb, {
    type: 'array',
    bookType: 'xlsx',
    bookSST: true,
    compression: false,
  }) as ArrayBuffer;
  const cfb = CFB.read(new Uint8Array(raw), { type: 'array' });
  const parts: Array<[string, Uint8Array]> = [];
  cfb.FullPaths.forEach((full, i) => {
    const path = full.replace(/^[^/]*\//, '');
    const entry = cfb.FileIndex[i]!;
    // CFB's own placeholder entry (\u0001Sh33tJ5) is no part of the package.
    if (!/^[[\w]/.test(path) || path.endsWith('/') || !entry.content?.length) return;
    let content = Uint8Array.from(entry.content);
    if (path === 'xl/styles.xml') {
      let xml = decode(content);
      xml = replaceOnce(
        xml,
        /<fonts count="1">(<font>)(.*?)(<\/font>)<\/fonts>/,
        '<fonts count="2">$1$2$3$1<b/>$2$3</fonts>',
      );
      xml = replaceOnce(
        xml,
        /<cellXfs count="1">(.*?)<\/cellXfs>/,
        '<cellXfs count="3">$1' +
          '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
          '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>' +
          '</cellXfs>',
      );
      content = new TextEncoder().encode(xml);
    }
    parts.push([path, content]);
  });
  // [Content_Types].xml first, as Office writes it.
  parts.sort(
    ([a], [b]) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'),
  );
  for (const needed of ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml'])
    if (!parts.some(([p]) => p === needed)) throw new Error(`xlsx: ${needed} missing`);
  return parts;
}
