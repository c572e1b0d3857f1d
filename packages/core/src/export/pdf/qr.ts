import QRCode from 'qrcode';

export interface QrMatrix {
  /** modules per side */
  size: number;
  /** size × size, row-major, 1 = dark */
  data: Uint8Array;
}

/** Shared by the card and sticker PDFs of one ZIP: choosing the mask is the costly part. */
export type QrCache = Map<string, QrMatrix>;

/**
 * The QR symbol of a URL: byte mode (no segment search), error correction M (survives a
 * crumpled card), mask chosen by the encoder.
 */
export function qrMatrix(text: string, cache?: QrCache): QrMatrix {
  const hit = cache?.get(text);
  if (hit) return hit;
  const segments = [{ data: new TextEncoder().encode(text), mode: 'byte' as const }];
  const code = QRCode.create(segments, { errorCorrectionLevel: 'M' });
  const matrix: QrMatrix = { size: code.modules.size, data: code.modules.data };
  cache?.set(text, matrix);
  return matrix;
}

/**
 * The dark modules as few rectangles [column, row, width, height]: horizontal runs, merged
 * downwards while the next row has the very same run (finder patterns, vertical bars).
 */
export function qrRectangles(m: QrMatrix): Array<[number, number, number, number]> {
  const n = m.size;
  const d = m.data;
  const done: Array<[number, number, number, number]> = [];
  // Open rectangles keyed by "start,width", still growing downwards.
  let open = new Map<number, [number, number, number, number]>();
  for (let r = 0; r < n; r++) {
    const next = new Map<number, [number, number, number, number]>();
    let c = 0;
    while (c < n) {
      if (!d[r * n + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && d[r * n + c]) c++;
      const key = start * 1024 + (c - start);
      const rect = open.get(key);
      if (rect) {
        rect[3]++;
        open.delete(key);
        next.set(key, rect);
      } else {
        next.set(key, [start, r, c - start, 1]);
      }
    }
    for (const rect of open.values()) done.push(rect);
    open = next;
  }
  for (const rect of open.values()) done.push(rect);
  return done;
}
