// Checks on rendered label sheets: the QR code at the layout's position decodes to the
// expected modules, and nothing is drawn in the padding band along the label edges.
import type { Locale } from '../src/index.js';
import type { Box, LabelItem } from '../src/export/pdf/label-layout.js';
import { PdfCanvas } from '../src/export/pdf/canvas.js';
import { qrMatrix } from '../src/export/pdf/qr.js';
import {
  CARD_SPEC,
  labelBox,
  placedLabel,
  STICKER_SPEC,
  type SheetGeometry,
} from '../src/export/pdf/sheets.js';
import type { ExportAccount, ExportAssets, PrintOffset } from '../src/export/types.js';
import type { GrayImage } from './pdf-tools.js';

/** The layout of `account` at position `slot` (from 0) of a cards or stickers page. */
export function layoutOf(
  assets: ExportAssets,
  account: ExportAccount,
  slot: number,
  kind: 'cards' | 'stickers',
  offset: PrintOffset = { x: 0, y: 0 },
  locale: Locale = 'nl',
): LabelItem[] {
  const canvas = new PdfCanvas(assets, { title: 'measure' });
  return placedLabel(
    canvas.width.bind(canvas),
    account,
    slot,
    kind === 'cards' ? CARD_SPEC : STICKER_SPEC,
    { locale, productName: 'Schoolloket' },
    offset,
  );
}

/** Where the layout of `layoutOf` puts the QR code. */
export function qrOf(...label: Parameters<typeof layoutOf>): LabelItem {
  return layoutOf(...label).find((it) => it.kind === 'qr')!;
}

const px = (mm: number, img: GrayImage): number => Math.floor((mm / 25.4) * img.dpi);
const at = (img: GrayImage, xMm: number, yMm: number): number =>
  img.pixels[px(yMm, img) * img.width + px(xMm, img)] ?? 255;

/** Modules whose rendered colour differs from the QR matrix of `url` (sampled at their centres). */
export function qrMismatches(img: GrayImage, qr: Box, url: string): number {
  const m = qrMatrix(url);
  const module = qr.w / m.size;
  let wrong = 0;
  for (let r = 0; r < m.size; r++) {
    for (let c = 0; c < m.size; c++) {
      const dark = at(img, qr.x + (c + 0.5) * module, qr.y + (r + 0.5) * module) < 128;
      if (dark !== (m.data[r * m.size + c] === 1)) wrong++;
    }
  }
  return wrong;
}

/** Dark pixels in the band between `from` and `to` mm inside the edges of `box`. */
export function inkInBand(img: GrayImage, box: Box, from: number, to: number): number {
  let ink = 0;
  const x0 = px(box.x, img);
  const x1 = px(box.x + box.w, img);
  const y0 = px(box.y, img);
  const y1 = px(box.y + box.h, img);
  const a = Math.ceil((from / 25.4) * img.dpi);
  const b = Math.floor((to / 25.4) * img.dpi);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const d = Math.min(x - x0, x1 - 1 - x, y - y0, y1 - 1 - y);
      if (d >= a && d < b && (img.pixels[y * img.width + x] ?? 255) < 200) ink++;
    }
  }
  return ink;
}

export function boxesOnPage(g: SheetGeometry, count: number): Box[] {
  return Array.from({ length: count }, (_, i) => labelBox(g, i));
}
