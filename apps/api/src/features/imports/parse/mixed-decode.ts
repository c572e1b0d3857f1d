import iconv from 'iconv-lite';
// A text file that is not valid UTF-8: Belgian Excel saves "CSV (gescheiden door
// lijstscheidingsteken)" in Windows-1252, and a UTF-8 file edited in an old tool may hold a few
// Windows-1252 bytes among its UTF-8 letters. Decoding the whole file as Windows-1252 read every
// UTF-8 letter of the second kind as two (Zoë → "ZoÃ«", found by an outside test), so each
// well-formed UTF-8 sequence is read as UTF-8 and every other byte as Windows-1252 — when the
// sequences outnumber the other bytes. A Windows-1252 file rarely holds such a sequence (a letter
// like "è" followed by two of "’“”–—«»°"), and then far fewer than its lone é, ë, ç: it is read
// as Windows-1252 throughout, as before.

// Each byte as Windows-1252 (iconv-lite: Node 20's TextDecoder reads 'windows-1252' as Latin-1,
// so 0x80–0x9F became invisible control characters instead of € ’ “ ” – —).
const WINDOWS_1252 = Array.from({ length: 256 }, (_, b) =>
  iconv.decode(Buffer.of(b), 'windows-1252'),
);

/** A whole buffer as Windows-1252. */
export const decodeWindows1252 = (buf: Uint8Array) =>
  iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), 'windows-1252');

/** The length of the well-formed UTF-8 sequence of two or more bytes at `i` (RFC 3629), or 0. */
function sequenceAt(buf: Uint8Array, i: number): number {
  const b0 = buf[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const b = buf[i + k];
    return b !== undefined && b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  // ED: no surrogates.
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 >= 0xe1 && b0 <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * `buf` (not valid UTF-8 as a whole) as text: its UTF-8 sequences as UTF-8, every other byte as
 * Windows-1252; with how many of each it met (`utf8` counts sequences of two or more bytes).
 */
export function decodeMixed(buf: Uint8Array): { text: string; utf8: number; windows1252: number } {
  const utf8 = new TextDecoder('utf-8');
  const parts: string[] = [];
  let sequences = 0;
  let single = 0;
  let run = 0;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = sequenceAt(buf, i);
    if (n > 0) {
      sequences++;
      i += n;
      continue;
    }
    parts.push(utf8.decode(buf.subarray(run, i)), WINDOWS_1252[b]!);
    single++;
    run = ++i;
  }
  parts.push(utf8.decode(buf.subarray(run)));
  return { text: parts.join(''), utf8: sequences, windows1252: single };
}

/** A file that is not valid UTF-8, read as above; `encoding` says how. */
export function decodeNotUtf8(buf: Uint8Array): {
  text: string;
  encoding: 'windows-1252' | 'utf-8+windows-1252';
} {
  const mixed = decodeMixed(buf);
  return mixed.utf8 > mixed.windows1252
    ? { text: mixed.text, encoding: 'utf-8+windows-1252' }
    : { text: decodeWindows1252(buf), encoding: 'windows-1252' };
}
