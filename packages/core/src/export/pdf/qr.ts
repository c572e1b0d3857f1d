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
  const code = QRCode.create([{ data: text, mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const matrix: QrMatrix = { size: code.modules.size, data: code.modules.data };
  cache?.set(text, matrix);
  return matrix;
}
