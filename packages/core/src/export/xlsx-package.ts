import * as XLSX from 'xlsx';

// The parts of an xlsx package around its sheet, as SheetJS writes them for a workbook of the
// header row alone, with our two cell styles added. SheetJS' own synchronous CFB container code
// reads its header-only package (our own output, never an upload).

/** Style 1 = bold (header row). */
export const STYLE_BOLD = 1;
/** Style 2 = quotePrefix: a value starting with = + - @ stays text even after someone edits the cell in Excel. */
export const STYLE_QUOTED = 2;

export const COLUMNS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

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

export const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

export function replaceOnce(xml: string, from: string | RegExp, to: string): string {
  // A SheetJS upgrade that changes its output must fail loudly, not silently lose the styles.
  if (!(typeof from === 'string' ? xml.includes(from) : from.test(xml)))
    throw new Error(`xlsx: cannot patch ${String(from)}`);
  return xml.replace(from, to);
}

/** SheetJS' styles with a bold font and the two cell styles above. */
function withOurStyles(content: Uint8Array): Uint8Array {
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
  return new TextEncoder().encode(xml);
}

/** What SheetJS writes for a workbook of the header row alone, uncompressed. */
function headerOnlyPackage(
  header: readonly string[],
  sheetName: string,
  now: Date | undefined,
): Uint8Array {
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
  return new Uint8Array(raw);
}

/**
 * The parts of the package around the sheet, in SheetJS's order: what SheetJS writes for a
 * workbook of the header row alone, with the bold style and the quotePrefix style added
 * (SheetJS community edition writes neither fonts nor panes).
 */
export function staticParts(
  header: readonly string[],
  sheetName: string,
  now: Date | undefined,
): Array<[string, Uint8Array]> {
  const cfb = CFB.read(headerOnlyPackage(header, sheetName, now), { type: 'array' });
  const parts: Array<[string, Uint8Array]> = [];
  cfb.FullPaths.forEach((full, i) => {
    const path = full.replace(/^[^/]*\//, '');
    const entry = cfb.FileIndex[i]!;
    // CFB's own placeholder entry (\u0001Sh33tJ5) is no part of the package.
    if (!/^[[\w]/.test(path) || path.endsWith('/') || !entry.content?.length) return;
    const content = Uint8Array.from(entry.content);
    parts.push([path, path === 'xl/styles.xml' ? withOurStyles(content) : content]);
  });
  // [Content_Types].xml first, as Office writes it.
  parts.sort(
    ([a], [b]) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'),
  );
  for (const needed of ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml'])
    if (!parts.some(([p]) => p === needed)) throw new Error(`xlsx: ${needed} missing`);
  return parts;
}
