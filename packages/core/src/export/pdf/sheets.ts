import type { ExportAccount, ExportOptions } from '../types.js';
import { LABELS } from '../i18n.js';
import { sortAccounts } from '../text.js';
import { A4, PdfCanvas, type Rgb } from './canvas.js';
import { layoutLabel, type Box, type LabelMetrics } from './label-layout.js';
import { labelContent, paintLabel } from './label-paint.js';
import type { QrCache } from './qr.js';

/** A grid of equal labels on A4 portrait, no gaps between them. */
export interface SheetGeometry {
  columns: number;
  rows: number;
  /** label size, mm */
  width: number;
  height: number;
  /** position of the top-left label, mm */
  left: number;
  top: number;
}

/**
 * Cut-out cards: 2 × 5 cards of 105 × 57 mm, 6 mm blank at top and bottom. The same grid as
 * the common 105 × 57 label sheets (10 per A4), so the card PDF also prints on those.
 */
export const CARD_SHEET: SheetGeometry = {
  columns: 2,
  rows: 5,
  width: 105,
  height: 57,
  left: 0,
  top: 6,
};

/**
 * Sticker sheets: 2 × 6 labels of exactly 105 × 48 mm. 2 × 105 = 210 fills the width; 6 × 48 =
 * 288 leaves 9 mm of the 297 mm height, which these sheets (12 per A4, no gaps) split evenly:
 * 4.5 mm at the top and at the bottom.
 */
export const STICKER_SHEET: SheetGeometry = {
  columns: 2,
  rows: 6,
  width: 105,
  height: 48,
  left: 0,
  top: 4.5,
};

export const CARD_METRICS: LabelMetrics = {
  padding: 4,
  headerPt: 7,
  firstNamePt: 12,
  lastNamePt: 16,
  urlPt: 7,
  usernamePt: 9,
  passwordPt: 12,
  minPt: 5.5,
  qrMax: 26,
  pictureMax: 16,
  pictureMin: 12,
  pictureGap: 1.5,
  pictureNamePt: 6,
};

export const STICKER_METRICS: LabelMetrics = {
  padding: 4,
  headerPt: 6.5,
  firstNamePt: 10,
  lastNamePt: 13,
  urlPt: 6,
  usernamePt: 8,
  passwordPt: 11,
  minPt: 5,
  qrMax: 22,
  pictureMax: 13,
  pictureMin: 12,
  pictureGap: 1,
  pictureNamePt: 5.5,
};

const CUT_LINE: Rgb = [180, 180, 180];

/** The box of the i-th label on its page. */
export function labelBox(g: SheetGeometry, i: number): Box {
  const slot = i % (g.columns * g.rows);
  const col = slot % g.columns;
  const row = Math.floor(slot / g.columns);
  return { x: g.left + col * g.width, y: g.top + row * g.height, w: g.width, h: g.height };
}

function drawCutLines(canvas: PdfCanvas, g: SheetGeometry): void {
  // Lines run to the paper edge so a guillotine cuts each one in a single stroke.
  for (let r = 0; r <= g.rows; r++) {
    const y = g.top + r * g.height;
    canvas.line(0, y, A4.width, y, 0.1, CUT_LINE);
  }
  for (let c = 1; c < g.columns; c++) {
    const x = g.left + c * g.width;
    canvas.line(x, 0, x, A4.height, 0.1, CUT_LINE);
  }
}

export function buildSheetPdf(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
  sheet: { geometry: SheetGeometry; metrics: LabelMetrics; title: string; cutLines: boolean },
  qrCache: QrCache,
): Uint8Array {
  const canvas = new PdfCanvas(opts.assets, {
    title: sheet.title,
    now: opts.now,
    deflate: opts.deflate,
  });
  const perPage = sheet.geometry.columns * sheet.geometry.rows;
  const measure = canvas.width.bind(canvas);
  const sorted = sortAccounts(accounts, opts.locale);
  sorted.forEach((account, i) => {
    if (i > 0 && i % perPage === 0) canvas.addPage();
    if (i % perPage === 0 && sheet.cutLines) drawCutLines(canvas, sheet.geometry);
    const content = labelContent(account, opts.locale, opts.productName);
    const items = layoutLabel(measure, content, labelBox(sheet.geometry, i), sheet.metrics);
    paintLabel(canvas, items, opts.assets, qrCache);
  });
  if (sorted.length === 0 && sheet.cutLines) drawCutLines(canvas, sheet.geometry);
  return canvas.output();
}

/** cards-a4.pdf: cut-out login cards, 10 per A4 page, with thin grey cut lines. */
export function renderCards(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
  qrCache: QrCache,
): Uint8Array {
  const title = LABELS[opts.locale].cardsTitle;
  return buildSheetPdf(
    accounts,
    opts,
    { geometry: CARD_SHEET, metrics: CARD_METRICS, title, cutLines: true },
    qrCache,
  );
}

/** stickers-105x48.pdf: the same content on 105 × 48 mm label sheets (12 per A4), no marks. */
export function renderStickers(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
  qrCache: QrCache,
): Uint8Array {
  const title = LABELS[opts.locale].stickersTitle;
  return buildSheetPdf(
    accounts,
    opts,
    { geometry: STICKER_SHEET, metrics: STICKER_METRICS, title, cutLines: false },
    qrCache,
  );
}
