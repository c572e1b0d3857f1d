// Files built piece by piece (PDF pages, ZIP entries, xlsx parts) and, where a caller wants the
// whole file (the browser, small files), the pieces as one array.

/** Receives a file piece by piece, in order; the bytes are not reused by the writer. */
export type ByteSink = (chunk: Uint8Array) => void;

/** `chunks` as one array of `size` bytes (their total length). */
export function concatBytes(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

/** What `write` sends to its sink, as one array. */
export function collectBytes(write: (sink: ByteSink) => void): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  write((chunk) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  return concatBytes(chunks, size);
}
