import { AppError } from '../../../platform/errors/index.js';

// What the bytes are, whatever the file is called: a renamed PDF is still a PDF.

export type Sniffed =
  | { kind: 'xlsx' }
  | {
      kind: 'text';
      text: string;
      encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';
    };

const SIGNATURES: Array<{ bytes: number[]; what: string; hint?: string }> = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'an old Excel 97-2003 (.xls) or other Office file',
    hint: 'Save it in Excel as .xlsx or as CSV.',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty ZIP archive' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document' },
];

export const unsupported = (what: string, hint = 'Upload a CSV or .xlsx file.') =>
  new AppError('unsupported_file', `This file is ${what}, not a student list. ${hint}`, undefined, {
    reason: 'unsupported_file',
  });

const startsWith = (buf: Buffer, bytes: number[]) =>
  buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);

function hasBinaryBytes(buf: Buffer): boolean {
  const sample = buf.subarray(0, 64 * 1024);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > sample.length / 100;
}

/** Text with markup that spreadsheet programs also save ("Excel" exports that are HTML or XML). */
function markupKind(text: string): string | null {
  const head = text.slice(0, 512).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<table')) {
    return 'an HTML page (some programs save those with an .xls name)';
  }
  if (head.startsWith('<?xml')) return 'an XML document (for example an Excel 2003 XML sheet)';
  return null;
}

export function sniff(buf: Buffer): Sniffed {
  if (buf.length === 0) {
    throw new AppError('empty_file', 'The file is empty.', undefined, { reason: 'empty_file' });
  }
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'xlsx' };
  for (const s of SIGNATURES) if (startsWith(buf, s.bytes)) throw unsupported(s.what, s.hint);

  let text: string;
  let encoding: Extract<Sniffed, { kind: 'text' }>['encoding'];
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) {
    // Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated.
    encoding = buf[0] === 0xff ? 'utf-16le' : 'utf-16be';
    text = new TextDecoder(encoding).decode(buf.subarray(2));
  } else {
    if (hasBinaryBytes(buf)) throw unsupported('binary data');
    if (startsWith(buf, [0xef, 0xbb, 0xbf])) {
      encoding = 'utf-8-bom';
      text = new TextDecoder('utf-8').decode(buf.subarray(3));
    } else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
        encoding = 'utf-8';
      } catch {
        // Not valid UTF-8: Belgian Excel saves "CSV (gescheiden door lijstscheidingsteken)" in
        // Windows-1252.
        text = new TextDecoder('windows-1252').decode(buf);
        encoding = 'windows-1252';
      }
    }
  }
  if (text.includes('\u0000')) throw unsupported('binary data');
  const markup = markupKind(text);
  if (markup) throw unsupported(markup, 'Save it as .xlsx or CSV and upload that.');
  if (text.trim() === '') {
    throw new AppError('empty_file', 'The file contains no data.', undefined, {
      reason: 'empty_file',
    });
  }
  return { kind: 'text', text, encoding };
}
