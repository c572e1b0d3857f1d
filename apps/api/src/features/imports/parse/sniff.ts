import { AppError, type Localized } from '../../../platform/errors/index.js';
import { decodeMixed, decodeNotUtf8 } from './mixed-decode.js';

// What the bytes are, whatever the file is called: a renamed PDF is still a PDF.

export type Sniffed =
  | { kind: 'xlsx' }
  | {
      kind: 'text';
      text: string;
      /** utf-8+windows-1252: UTF-8 with a few Windows-1252 bytes among it (mixed-decode.ts). */
      encoding:
        'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-8+windows-1252' | 'utf-16le' | 'utf-16be';
    };

/** What a refused file is, in every language (the `what` of unsupported). */
const FILE_KINDS = {
  xls: {
    nl: 'een oud Excel 97-2003-bestand (.xls) of een ander Office-bestand',
    fr: 'un ancien fichier Excel 97-2003 (.xls) ou un autre fichier Office',
    en: 'an old Excel 97-2003 (.xls) or other Office file',
  },
  pdf: { nl: 'een pdf', fr: 'un PDF', en: 'a PDF' },
  png: { nl: 'een PNG-afbeelding', fr: 'une image PNG', en: 'a PNG image' },
  jpeg: { nl: 'een JPEG-afbeelding', fr: 'une image JPEG', en: 'a JPEG image' },
  gif: { nl: 'een GIF-afbeelding', fr: 'une image GIF', en: 'a GIF image' },
  gzip: { nl: 'een gzip-archief', fr: 'une archive gzip', en: 'a gzip archive' },
  rar: { nl: 'een RAR-archief', fr: 'une archive RAR', en: 'a RAR archive' },
  sevenZip: { nl: 'een 7-Zip-archief', fr: 'une archive 7-Zip', en: 'a 7-Zip archive' },
  emptyZip: { nl: 'een leeg ZIP-archief', fr: 'une archive ZIP vide', en: 'an empty ZIP archive' },
  rtf: { nl: 'een RTF-document', fr: 'un document RTF', en: 'an RTF document' },
  binary: { nl: 'binaire data', fr: 'des données binaires', en: 'binary data' },
  html: {
    nl: "een HTML-pagina (sommige programma's bewaren die met een .xls-naam)",
    fr: "une page HTML (certains programmes l'enregistrent avec un nom .xls)",
    en: 'an HTML page (some programs save those with an .xls name)',
  },
  xml: {
    nl: 'een XML-document (bijvoorbeeld een Excel 2003 XML-blad)',
    fr: 'un document XML (par exemple une feuille XML Excel 2003)',
    en: 'an XML document (for example an Excel 2003 XML sheet)',
  },
  ods: {
    nl: 'een OpenDocument-bestand (.ods)',
    fr: 'un fichier OpenDocument (.ods)',
    en: 'an OpenDocument file (.ods)',
  },
  word: { nl: 'een Word-document', fr: 'un document Word', en: 'a Word document' },
  powerpoint: {
    nl: 'een PowerPoint-presentatie',
    fr: 'une présentation PowerPoint',
    en: 'a PowerPoint presentation',
  },
  zip: { nl: 'een ZIP-archief', fr: 'une archive ZIP', en: 'a ZIP archive' },
} as const satisfies Record<string, Localized>;

const HINTS = {
  upload: {
    nl: 'Laad een CSV- of .xlsx-bestand op.',
    fr: 'Chargez un fichier CSV ou .xlsx.',
    en: 'Upload a CSV or .xlsx file.',
  },
  saveInExcel: {
    nl: 'Bewaar het in Excel als .xlsx of als CSV.',
    fr: 'Enregistrez-le dans Excel en .xlsx ou en CSV.',
    en: 'Save it in Excel as .xlsx or as CSV.',
  },
  saveAndUpload: {
    nl: 'Bewaar het als .xlsx of CSV en laad dat op.',
    fr: 'Enregistrez-le en .xlsx ou en CSV et chargez celui-là.',
    en: 'Save it as .xlsx or CSV and upload that.',
  },
  saveAs: {
    nl: 'Bewaar het als .xlsx of CSV.',
    fr: 'Enregistrez-le en .xlsx ou en CSV.',
    en: 'Save it as .xlsx or CSV.',
  },
} as const satisfies Record<string, Localized>;

type FileKind = keyof typeof FILE_KINDS;
type Hint = keyof typeof HINTS;

const SIGNATURES: Array<{ bytes: number[]; what: FileKind; hint?: Hint }> = [
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'xls',
    hint: 'saveInExcel',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'pdf' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'png' },
  { bytes: [0xff, 0xd8, 0xff], what: 'jpeg' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'gif' },
  { bytes: [0x1f, 0x8b], what: 'gzip' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'rar' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'sevenZip' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'emptyZip' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'rtf' },
];

/**
 * The 415 of a file that is no student list, saying what it is and what to do, in the request's
 * language (found by an outside test: the Dutch import screen showed the English sentence).
 */
export const unsupported = (what: FileKind, hint: Hint = 'upload') => {
  const w = FILE_KINDS[what];
  const h = HINTS[hint];
  return new AppError(
    'unsupported_file',
    {
      nl: `Dit bestand is ${w.nl}, geen leerlingenlijst. ${h.nl}`,
      fr: `Ce fichier est ${w.fr}, pas une liste d'élèves. ${h.fr}`,
      en: `This file is ${w.en}, not a student list. ${h.en}`,
    },
    undefined,
    { reason: 'unsupported_file' },
  );
};

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
function markupKind(text: string): FileKind | null {
  const head = text.slice(0, 512).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<table')) {
    return 'html';
  }
  if (head.startsWith('<?xml')) return 'xml';
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
    if (hasBinaryBytes(buf)) throw unsupported('binary');
    if (startsWith(buf, [0xef, 0xbb, 0xbf])) {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(3));
        encoding = 'utf-8-bom';
      } catch {
        // Excel's "CSV UTF-8" with a few bytes an old editor wrote in Windows-1252 (found by an
        // outside test: read as U+FFFD): the mark says UTF-8, the other bytes are read as such.
        text = decodeMixed(buf.subarray(3)).text;
        encoding = 'utf-8+windows-1252';
      }
    } else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
        encoding = 'utf-8';
      } catch {
        // Not valid UTF-8: Windows-1252 (Belgian Excel's CSV), or UTF-8 with a few such bytes.
        ({ text, encoding } = decodeNotUtf8(buf));
      }
    }
  }
  if (text.includes('\u0000')) throw unsupported('binary');
  const markup = markupKind(text);
  if (markup) throw unsupported(markup, 'saveAndUpload');
  if (text.trim() === '') {
    throw new AppError('empty_file', 'The file contains no data.', undefined, {
      reason: 'empty_file',
    });
  }
  return { kind: 'text', text, encoding };
}
