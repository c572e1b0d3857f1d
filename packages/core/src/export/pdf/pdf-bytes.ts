import { jsPDF } from 'jspdf';
import { concatBytes, type ByteSink } from '../bytes.js';
import type { Deflate } from '../types.js';

// The byte level of the PDF writer: jsPDF's binary strings, numbers as PDF writes them, the
// deflate hook, and the counted output (the cross-reference table needs byte offsets).

export type { ByteSink } from '../bytes.js';

/** The hook jsPDF calls for every stream it writes (page contents, font files, CMaps). */
interface JsPdfFilters {
  processDataByFilters(
    data: string,
    filters?: string | string[],
  ): { data: string; reverseChain: string };
}

export function fmt5(n: number): string {
  return String(Math.round(n * 100000) / 100000);
}

export function fmt2(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

// jsPDF takes fonts as binary strings; the same font bytes are converted once per process.
const binaryStrings = new WeakMap<Uint8Array, string>();

function binaryString(bytes: Uint8Array): string {
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) {
    chunks.push(
      String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]),
    );
  }
  return chunks.join('');
}

export function toBinaryString(bytes: Uint8Array): string {
  let out = binaryStrings.get(bytes);
  if (out === undefined) {
    out = binaryString(bytes);
    binaryStrings.set(bytes, out);
  }
  return out;
}

export function binaryBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** A page's operators compressed: with `deflate` when given, else with jsPDF's own. */
export function flateEncode(content: string, deflate: Deflate | undefined): Uint8Array | string {
  if (deflate) return deflate(binaryBytes(content));
  return (jsPDF.API as unknown as JsPdfFilters).processDataByFilters(content, ['FlateEncode']).data;
}

/**
 * Runs `write` with jsPDF's FlateEncode replaced by `deflate`. jsPDF reads the hook from its
 * shared API object, so it is swapped only for the duration of one synchronous output.
 */
export function withDeflate<T>(deflate: Deflate, write: () => T): T {
  const api = jsPDF.API as unknown as JsPdfFilters;
  const original = api.processDataByFilters;
  api.processDataByFilters = (data, filters) => {
    const chain = typeof filters === 'string' ? [filters] : (filters ?? []);
    if (chain.length !== 1 || chain[0]!.replace('/', '') !== 'FlateEncode')
      return original.call(api, data, filters);
    return { data: binaryString(deflate(binaryBytes(data))), reverseChain: '/FlateDecode' };
  };
  try {
    return write();
  } finally {
    api.processDataByFilters = original;
  }
}

/** The bytes of a PDF as they are written, counted (the cross-reference table needs offsets). */
export class PdfOut {
  offset = 0;
  private readonly chunks: Uint8Array[] | undefined;
  private readonly sink: ByteSink;

  constructor(sink: ByteSink | undefined) {
    if (sink) this.sink = sink;
    else {
      const chunks: Uint8Array[] = [];
      this.chunks = chunks;
      this.sink = (c) => void chunks.push(c);
    }
  }

  /** bytes, or a binary string (one char per byte, as jsPDF writes) */
  write(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? binaryBytes(data) : data;
    this.offset += bytes.length;
    this.sink(bytes);
  }

  collected(): Uint8Array {
    if (!this.chunks) throw new Error('this PDF went to its sink');
    const all = concatBytes(this.chunks, this.offset);
    this.chunks.length = 0;
    return all;
  }
}
