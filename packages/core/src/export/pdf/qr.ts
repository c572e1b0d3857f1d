import QRCode from 'qrcode';

export interface QrMatrix {
  /** modules per side */
  size: number;
  /** size × size, row-major, 1 = dark */
  data: Uint8Array;
}

/**
 * The mask pattern chosen for each URL, shared by the PDFs of one ZIP: choosing the mask (8
 * trial symbols, each scored) is the costly part of encoding, and with the mask given the same
 * symbol comes out again. A number per account, where the symbols themselves (~1 KB each, plus
 * their operators) would make a ZIP of 10,000 accounts hold 10,000 of them.
 */
export type QrCache = Map<string, number>;

/**
 * The QR symbol of a URL: byte mode (no segment search), error correction M (survives a
 * crumpled card), mask chosen by the encoder (or the one it chose before for this text).
 */
export function qrMatrix(text: string, cache?: QrCache): QrMatrix {
  const mask = cache?.get(text) as QRCode.QRCodeMaskPattern | undefined;
  const segments = [{ data: new TextEncoder().encode(text), mode: 'byte' as const }];
  const code = QRCode.create(segments, {
    errorCorrectionLevel: 'M',
    ...(mask === undefined ? {} : { maskPattern: mask }),
  });
  if (mask === undefined) cache?.set(text, code.maskPattern!);
  return { size: code.modules.size, data: code.modules.data };
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
