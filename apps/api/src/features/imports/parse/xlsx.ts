import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { AppError } from '../../../platform/errors/index.js';
import { unsupported } from './sniff.js';
import { MAX_LEADING_ROWS, MAX_ROWS, tooManyRows, type TableRow } from './table.js';
import { listEntries, readEntry, XLSX_ZIP_LIMITS, type ZipEntry } from './zip-guard.js';

// XLSX is read in three steps: the ZIP's directory is checked against size caps before anything
// is inflated; the parts are inflated, each cut off at its declared size; they are packed again
// uncompressed and handed to exceljs, so exceljs never inflates anything itself. Only the first
// sheet is parsed: the others are replaced by empty sheets.

const EMPTY_SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>';
const ROW_CAP = MAX_ROWS + MAX_LEADING_ROWS;
/** 20,000 rows of a few dozen columns; a sheet with more cells is not a student list. */
const CELL_CAP = ROW_CAP * 40;

const attr = (tag: string, name: string) =>
  new RegExp(`\\s(?:[\\w-]+:)?${name}="([^"]*)"`).exec(tag)?.[1];

function kindOfZip(names: Set<string>): void {
  if (names.has('xl/workbook.xml')) return;
  if (names.has('mimetype') || names.has('content.xml')) {
    throw unsupported('ods', 'saveAs');
  }
  if (names.has('word/document.xml')) throw unsupported('word');
  if (names.has('ppt/presentation.xml')) throw unsupported('powerpoint');
  throw unsupported('zip');
}

/** Path of the first sheet in workbook order. */
function firstSheetPath(workbook: string, rels: string): { path: string; name: string } {
  const sheet = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbook)?.[0];
  const rid = sheet && attr(sheet, 'id');
  const name = (sheet && attr(sheet, 'name')) ?? 'Sheet1';
  for (const rel of rels.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    if (attr(rel, 'Id') === rid) {
      const target = attr(rel, 'Target') ?? '';
      return { path: target.startsWith('/') ? target.slice(1) : `xl/${target}`, name };
    }
  }
  throw new AppError('unprocessable', 'The Excel file has no worksheet.', undefined, {
    reason: 'damaged_xlsx',
  });
}

function count(haystack: string, needle: string, cap: number): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0 && n <= cap; i = haystack.indexOf(needle, i + 1))
    n++;
  return n;
}

/** Cheap checks on the sheet XML that reject a 100,000-row sheet before exceljs builds it. */
function checkSheetSize(xml: string): void {
  const dimension = /<(?:\w+:)?dimension\b[^>]*ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(
    xml.slice(0, 4096),
  );
  if (dimension && Number(dimension[1]) > 2 * ROW_CAP) throw tooManyRows();
  if (count(xml, '<row', ROW_CAP * 2) > ROW_CAP * 2) throw tooManyRows();
  if (count(xml, '<c', CELL_CAP) > CELL_CAP) {
    throw new AppError(
      'payload_too_large',
      'The sheet has too many cells for a student list.',
      undefined,
      {
        reason: 'too_many_cells',
      },
    );
  }
}

function isoDate(d: Date): string {
  // exceljs builds dates in UTC from the serial number: read them back in UTC.
  return d.toISOString().slice(0, 10);
}

/** A cell as the text the school sees; formulas are never evaluated. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    // The value Excel saved with the formula is what the school sees; without one, the formula
    // itself is kept as text.
    const result = (value as { result?: ExcelJS.CellValue }).result;
    if (result !== undefined && result !== null && typeof result !== 'object')
      return cellText(result);
    if (result instanceof Date) return isoDate(result);
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    return `=${formula ?? ''}`;
  }
  return '';
}

export async function readXlsx(buf: Buffer): Promise<{ rows: TableRow[]; sheet: string }> {
  const entries = listEntries(buf, XLSX_ZIP_LIMITS);
  kindOfZip(new Set(entries.map((e) => e.name)));
  // Every part is passed on (a sheet may point at drawings, notes or tables): the caps above
  // already bound what all of them unpack to.
  const wanted = entries.filter((e) => !e.name.endsWith('/'));
  const byName = new Map<string, ZipEntry>(wanted.map((e) => [e.name, e]));
  const text = (name: string) => {
    const e = byName.get(name);
    return e ? readEntry(buf, e).toString('utf8') : '';
  };
  const { path, name } = firstSheetPath(
    text('xl/workbook.xml'),
    text('xl/_rels/workbook.xml.rels'),
  );
  const sheetEntry = byName.get(path);
  if (!sheetEntry) {
    throw new AppError('unprocessable', 'The Excel file has no worksheet.', undefined, {
      reason: 'damaged_xlsx',
    });
  }
  const sheetXml = readEntry(buf, sheetEntry);
  checkSheetSize(sheetXml.toString('latin1'));

  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const e of wanted) {
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/.test(e.name);
    const data =
      e.name === path ? sheetXml : isSheet ? Buffer.from(EMPTY_SHEET) : readEntry(buf, e);
    files[e.name] = [data, { level: 0 }];
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(zipSync(files)) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new AppError(
      'unprocessable',
      `The Excel file could not be read (${(err as Error).message}).`,
      undefined,
      {
        reason: 'damaged_xlsx',
      },
    );
  }
  const worksheet = workbook.worksheets.find((w) => w.name === name) ?? workbook.worksheets[0];
  const rows: TableRow[] = [];
  worksheet?.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as ExcelJS.CellValue[];
    // row.values is 1-based: index 0 is always empty.
    const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) =>
      cellText(values[i + 1]).trim(),
    );
    if (cells.some(Boolean)) rows.push({ number, cells });
  });
  if (rows.length > ROW_CAP) throw tooManyRows();
  return { rows, sheet: worksheet?.name ?? name };
}
