import { Zip, ZipDeflate } from 'fflate';
import type { ByteSink } from './bytes.js';
import { cleanText } from './text.js';
import {
  COLUMNS,
  decode,
  MAIN_NS,
  REL_NS,
  replaceOnce,
  staticParts,
  STYLE_BOLD,
  STYLE_QUOTED,
  XML_DECLARATION,
} from './xlsx-package.js';

/** A sheet of text cells: its name, its header row and its rows (read three times). */
export interface XlsxTable {
  sheetName: string;
  header: readonly string[];
  rows: () => Iterable<readonly string[]>;
  now?: Date;
}

const FORMULA_LIKE = /^[=+\-@\t\r]/;
const ROWS_PER_CHUNK = 200;

type Rows = () => Generator<readonly string[]>;
type Push = (xml: string) => void;

/** XML text as SheetJS writes it. */
function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!,
  );
}

/** The widest value of each column (in characters) and the number of rows. */
function measure(rows: Rows, columns: number): { widths: number[]; last: number } {
  const widths = Array.from({ length: columns }, () => 0);
  let last = 0;
  for (const row of rows()) {
    last++;
    row.forEach((v, col) => (widths[col] = Math.max(widths[col]!, v.length)));
  }
  return { widths, last };
}

function colsXml(widths: readonly number[]): string {
  return widths
    .map((w, i) => {
      const wch = Math.min(60, w + 2);
      const width = Math.floor((wch + 5 / 6) * 256) / 256;
      return `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`;
    })
    .join('');
}

/** The sheet: cell k is shared string k, the header bold and frozen, a filter over the range. */
function writeSheet(push: Push, rows: Rows, widths: readonly number[], range: string): void {
  push(
    `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><dimension ref="${range}"/>` +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
      '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
      `<cols>${colsXml(widths)}</cols><sheetData>`,
  );
  let r = 0;
  let k = 0;
  let chunk = '';
  for (const row of rows()) {
    r++;
    chunk += `<row r="${r}">`;
    row.forEach((value, col) => {
      const style = r === 1 ? STYLE_BOLD : FORMULA_LIKE.test(value) ? STYLE_QUOTED : undefined;
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
}

/** The string table: every cell's value, in the sheet's order, not deduplicated. */
function writeSharedStrings(push: Push, rows: Rows, count: number): void {
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
}

/** A ZIP of deflated parts written to `sink` as `write` pushes each part's XML. */
function writeParts(
  paths: readonly string[],
  date: Date,
  sink: ByteSink,
  write: (path: string, push: Push) => void,
): void {
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else sink(chunk);
  });
  const encoder = new TextEncoder();
  for (const path of paths) {
    const file = new ZipDeflate(path, { level: 6 });
    file.mtime = date;
    zip.add(file);
    write(path, (xml) => file.push(encoder.encode(xml)));
    file.push(new Uint8Array(0), true);
    if (failed) throw failed;
  }
  zip.end();
  if (failed) throw failed;
}

/**
 * One sheet of text: every value a shared-string text cell (never a formula; one that looks like
 * one is quote-prefixed), bold frozen header row, sized columns, filter. At most 26 columns.
 *
 * Written to `sink` as it is built, so 10,000 rows need no more memory than 10: SheetJS builds
 * the package around a header-only sheet (styles, theme, properties, patched as in
 * xlsx-package.ts), and the sheet and its shared strings are streamed in its place, deflated by
 * fflate. The shared strings are not deduplicated: cell k of the sheet is string k, so the sheet
 * and the string table are two passes over the rows and no table of strings is ever held. The
 * column widths are a third pass (they come before the rows in the sheet).
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
  const { widths, last } = measure(rows, header.length);
  const range = `A1:${lastColumn}${last}`;
  const parts = new Map(staticParts(header, table.sheetName, table.now));
  writeParts([...parts.keys()], table.now ?? new Date(), sink, (path, push) => {
    if (path === 'xl/worksheets/sheet1.xml') writeSheet(push, rows, widths, range);
    else if (path === 'xl/sharedStrings.xml') writeSharedStrings(push, rows, last * header.length);
    else if (path === 'xl/workbook.xml')
      push(replaceOnce(decode(parts.get(path)!), `!A1:${lastColumn}1<`, `!${range}<`));
    else push(decode(parts.get(path)!));
  });
}
