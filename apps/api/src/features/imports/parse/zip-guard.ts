import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../../platform/errors/index.js';

// Reads a ZIP's central directory and inflates only what the caller asks for, inside caps that
// are checked on the declared sizes BEFORE anything is inflated; inflation itself is cut off at
// the declared size, so an entry that lies about its size cannot grow past it either.

export interface ZipLimits {
  maxEntries: number;
  /** Uncompressed bytes of one entry that no rule of `parts` names. */
  maxEntryBytes: number;
  /** Uncompressed bytes of the entries whose name a rule matches (the first rule that matches). */
  parts?: readonly { match: RegExp; maxBytes: number }[];
  maxTotalBytes: number;
  /** Uncompressed / compressed, for entries larger than 1 MB. */
  maxRatio: number;
}

const MB = 1024 * 1024;

/**
 * What a real student list needs, with room to spare: a 5,000-row list of ten columns (the
 * import bench's size) is a 2 MB sheet and 0.9 MB of shared strings; 20,000 rows (MAX_ROWS) are
 * 8 MB and 3.8 MB. Everything but the first sheet is parsed by exceljs on the event loop, so the
 * caps bound how long one upload can hold it: before them, 39 MB of shared strings (2.2 million
 * entries, 8:1 compressed, in a 4.8 MB upload) held it for seconds.
 */
export const XLSX_ZIP_LIMITS: ZipLimits = {
  maxEntries: 500,
  // Worksheets (only the first is read, and its rows and cells are counted before parsing) and
  // media (images are kept as bytes, never parsed).
  maxEntryBytes: 16 * MB,
  parts: [
    { match: /^xl\/worksheets\/[^/]+\.xml$/i, maxBytes: 16 * MB },
    { match: /^xl\/media\//i, maxBytes: 16 * MB },
    { match: /^xl\/sharedStrings\.xml$/i, maxBytes: 8 * MB },
    // Styles, theme, drawings, comments, tables, properties: small in any real file.
    { match: /./, maxBytes: 4 * MB },
  ],
  maxTotalBytes: 24 * MB,
  maxRatio: 300,
};

/** The cap of one entry under `limits`. */
export function entryCap(limits: ZipLimits, name: string): number {
  return limits.parts?.find((p) => p.match.test(name))?.maxBytes ?? limits.maxEntryBytes;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;

const damaged = (why: string) =>
  new AppError(
    'unprocessable',
    `The Excel file is damaged or not a real .xlsx file (${why}).`,
    undefined,
    {
      reason: 'damaged_xlsx',
    },
  );

const tooBig = (why: string) =>
  new AppError(
    'payload_too_large',
    {
      nl:
        `Het Excel-bestand pakt uit tot te veel gegevens voor een leerlingenlijst (${why}); ` +
        'geweigerd vóór het uitpakken. Bewaar alleen het blad met de leerlingen als .xlsx of CSV.',
      fr:
        `Le fichier Excel se décompresse en trop de données pour une liste d’élèves (${why}) ; ` +
        'refusé avant la décompression. Enregistrez seulement la feuille des élèves en .xlsx ou CSV.',
      en:
        `The Excel file unpacks to too much data (${why}); refused before unpacking. ` +
        'Save only the sheet with the students as .xlsx or CSV.',
    },
    undefined,
    { reason: 'zip_limits' },
  );

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  }
  throw damaged('no central directory');
}

/** The central directory, validated against the limits. Inflates nothing. */
export function listEntries(buf: Buffer, limits: ZipLimits): ZipEntry[] {
  if (buf.length < 22) throw damaged('too short');
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIG) {
    // ZIP64 is only needed past 4 GB or 65,535 entries: never for a student list.
    throw tooBig('ZIP64 archive');
  }
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count > limits.maxEntries) throw tooBig(`${count} entries, at most ${limits.maxEntries}`);
  if (cdOffset + cdSize > eocd) throw damaged('central directory out of bounds');

  const entries: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CEN_SIG) throw damaged('bad directory entry');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;

    if (size === 0xffffffff || compressedSize === 0xffffffff) throw tooBig(`${name}: ZIP64 sizes`);
    const cap = entryCap(limits, name);
    if (size > cap) throw tooBig(`${name}: ${size} bytes, at most ${cap}`);
    total += size;
    if (total > limits.maxTotalBytes)
      throw tooBig(`more than ${limits.maxTotalBytes} bytes in all`);
    if (size > 1024 * 1024 && size / Math.max(1, compressedSize) > limits.maxRatio) {
      throw tooBig(
        `${name}: compression ratio ${Math.round(size / Math.max(1, compressedSize))}:1`,
      );
    }
    if (localHeaderOffset + 30 + compressedSize > buf.length)
      throw damaged(`${name} out of bounds`);
    entries.push({ name, method, compressedSize, size, localHeaderOffset });
  }
  return entries;
}

/** Inflates one listed entry; never produces more than its declared size. */
export function readEntry(buf: Buffer, entry: ZipEntry): Buffer {
  const p = entry.localHeaderOffset;
  if (buf.readUInt32LE(p) !== LOC_SIG) throw damaged(`${entry.name}: bad local header`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw damaged(`${entry.name} out of bounds`);
  const data = buf.subarray(start, end);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw damaged(`${entry.name}: size mismatch`);
    return data;
  }
  if (entry.method !== 8) throw damaged(`${entry.name}: unsupported compression ${entry.method}`);
  let out: Buffer;
  try {
    // maxOutputLength stops zlib as soon as the output passes the declared size.
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooBig(`${entry.name} inflates past its declared size`);
    }
    throw damaged(`${entry.name}: ${(err as Error).message}`);
  }
  if (out.length !== entry.size) throw damaged(`${entry.name}: size mismatch`);
  return out;
}
