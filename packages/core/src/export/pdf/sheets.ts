import type { ExportAccount, ExportOptions, PrintOffset, PrintOptions } from '../types.js';
import { LABELS } from '../i18n.js';
import { groupRuns, sortAccounts } from '../text.js';
import { A4, PdfCanvas, type ByteSink, type Rgb } from './canvas.js';
import { layoutLabel, type Box, type Insets, type LabelMetrics } from './label-layout.js';
import { labelContent, paintLabel } from './label-paint.js';
import type { QrCache } from './qr.js';
import {
  CARD_METRICS,
  CARD_SHEET,
  STICKER_METRICS,
  STICKER_SHEET,
  type SheetGeometry,
} from './sheet-geometry.js';

export { CARD_METRICS, CARD_SHEET, STICKER_METRICS, STICKER_SHEET, type SheetGeometry };

const CUT_LINE: Rgb = [180, 180, 180];

/**
 * Nothing is printed closer than this to a paper edge: many office laser printers leave the
 * outer ~4.2 mm blank, and a QR code or name cut off there is lost.
 */
export const SAFE_MARGIN = 5;
/** The largest printer offset, mm, either way. */
export const MAX_PRINT_OFFSET = 5;

/** The box of the i-th label on its page. */
export function labelBox(g: SheetGeometry, i: number): Box {
  const slot = i % (g.columns * g.rows);
  const col = slot % g.columns;
  const row = Math.floor(slot / g.columns);
  return { x: g.left + col * g.width, y: g.top + row * g.height, w: g.width, h: g.height };
}

/**
 * The blank border inside a label: the format's padding, and more along an edge of the label
 * that lies within SAFE_MARGIN of the paper edge (the outer columns of stickers and cards).
 */
export function labelInsets(box: Box, padding: number): Insets {
  return {
    left: Math.max(padding, SAFE_MARGIN - box.x),
    right: Math.max(padding, SAFE_MARGIN - (A4.width - box.x - box.w)),
    top: Math.max(padding, SAFE_MARGIN - box.y),
    bottom: Math.max(padding, SAFE_MARGIN - (A4.height - box.y - box.h)),
  };
}

/** Print options checked and with their defaults. */
export function resolvePrint(
  print: PrintOptions | undefined,
  perPage: number,
): { offset: PrintOffset; first: number; groupPages: boolean } {
  const offset = print?.offset ?? { x: 0, y: 0 };
  for (const v of [offset.x, offset.y]) {
    if (!Number.isFinite(v) || Math.abs(v) > MAX_PRINT_OFFSET)
      throw new RangeError(`A print offset is at most ${MAX_PRINT_OFFSET} mm either way.`);
  }
  const first = print?.firstSticker ?? 1;
  if (!Number.isInteger(first) || first < 1 || first > perPage)
    throw new RangeError(`The first position is 1 to ${perPage}.`);
  return { offset, first, groupPages: print?.groupPages ?? true };
}

export interface Placement<T> {
  /** from 0 */
  page: number;
  /** position on the page, from 0, left to right then top to bottom */
  slot: number;
  account: T;
}

/**
 * Where each account goes: in print order, from position `first` (1-based) of the first page,
 * each group on a new page when `groupPages`.
 */
export function placeAccounts<T extends ExportAccount>(
  accounts: readonly T[],
  opts: { locale: ExportOptions['locale']; perPage: number; first: number; groupPages: boolean },
): Array<Placement<T>> {
  const out: Array<Placement<T>> = [];
  let page = 0;
  let slot = opts.first - 1;
  const runs = groupRuns(sortAccounts(accounts, opts.locale), opts.locale);
  runs.forEach((run, r) => {
    if (r > 0 && opts.groupPages && slot > 0) {
      page++;
      slot = 0;
    }
    for (const account of run.accounts) {
      if (slot === opts.perPage) {
        page++;
        slot = 0;
      }
      out.push({ page, slot, account });
      slot++;
    }
  });
  return out;
}

const shift = (box: Box, offset: PrintOffset): Box => ({
  ...box,
  x: box.x + offset.x,
  y: box.y + offset.y,
});

/** Thin cut lines along the card edges, stopping SAFE_MARGIN short of the paper edge. */
export function cutLines(
  g: SheetGeometry,
  offset: PrintOffset,
): Array<[number, number, number, number]> {
  const lines: Array<[number, number, number, number]> = [];
  const { x: dx, y: dy } = offset;
  for (let r = 0; r <= g.rows; r++) {
    const y = g.top + r * g.height + dy;
    lines.push([SAFE_MARGIN + dx, y, A4.width - SAFE_MARGIN + dx, y]);
  }
  for (let c = 1; c < g.columns; c++) {
    const x = g.left + c * g.width + dx;
    lines.push([x, SAFE_MARGIN + dy, x, A4.height - SAFE_MARGIN + dy]);
  }
  return lines;
}

export interface SheetSpec {
  geometry: SheetGeometry;
  metrics: LabelMetrics;
  title: string;
  cutLines: boolean;
  /** stickers: honour PrintOptions.firstSticker */
  firstPosition: boolean;
}

/** The label items of one placed account, with the printer offset applied. */
export function placedLabel(
  measure: Parameters<typeof layoutLabel>[0],
  account: ExportAccount,
  slot: number,
  spec: Omit<SheetSpec, 'title'>,
  opts: Pick<ExportOptions, 'locale' | 'productName'>,
  offset: PrintOffset,
) {
  const box = labelBox(spec.geometry, slot);
  const content = labelContent(account, opts.locale, opts.productName);
  // Insets from where the label really lies on the paper; the offset then moves it all.
  return layoutLabel(
    measure,
    content,
    shift(box, offset),
    spec.metrics,
    labelInsets(box, spec.metrics.padding),
  );
}

/** Writes the sheets of `accounts` to `sink`, page by page (see PdfCanvas). */
export function writeSheetPdf(
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
  spec: SheetSpec,
  qrCache: QrCache,
  sink: ByteSink | undefined,
): PdfCanvas {
  const canvas = new PdfCanvas(opts.assets, {
    title: spec.title,
    now: opts.now,
    deflate: opts.deflate,
    sink,
  });
  const perPage = spec.geometry.columns * spec.geometry.rows;
  const print = resolvePrint(
    spec.firstPosition ? opts.print : { ...opts.print, firstSticker: 1 },
    perPage,
  );
  const measure = canvas.width.bind(canvas);
  const drawCuts = (): void => {
    if (!spec.cutLines) return;
    for (const [x1, y1, x2, y2] of cutLines(spec.geometry, print.offset))
      canvas.line(x1, y1, x2, y2, 0.1, CUT_LINE);
  };
  let page = 0;
  drawCuts();
  for (const p of placeAccounts(accounts, { locale: opts.locale, perPage, ...print })) {
    while (page < p.page) {
      canvas.addPage();
      page++;
      drawCuts();
    }
    const items = placedLabel(measure, p.account, p.slot, spec, opts, print.offset);
    paintLabel(canvas, items, opts.assets, qrCache);
  }
  if (sink) canvas.finish();
  return canvas;
}

export const CARD_SPEC: Omit<SheetSpec, 'title'> = {
  geometry: CARD_SHEET,
  metrics: CARD_METRICS,
  cutLines: true,
  firstPosition: false,
};

export const STICKER_SPEC: Omit<SheetSpec, 'title'> = {
  geometry: STICKER_SHEET,
  metrics: STICKER_METRICS,
  cutLines: false,
  firstPosition: true,
};

export type SheetKind = 'cards' | 'stickers';

/** The spec of a kind of sheet, titled in the export language. */
function sheetSpec(kind: SheetKind, opts: Pick<ExportOptions, 'locale'>): SheetSpec {
  const l = LABELS[opts.locale];
  return kind === 'cards'
    ? { ...CARD_SPEC, title: l.cardsTitle }
    : { ...STICKER_SPEC, title: l.stickersTitle };
}

/**
 * cards-a4.pdf (cut-out login cards, 10 per A4 page, thin grey cut lines) or
 * stickers-105x48.pdf (the same content on 105 × 48 mm label sheets, 12 per A4, no marks),
 * written to `sink` page by page.
 */
export function writeSheets(
  kind: SheetKind,
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
  qrCache: QrCache,
  sink: ByteSink,
): void {
  writeSheetPdf(accounts, opts, sheetSpec(kind, opts), qrCache, sink);
}

/** The same as one file in memory (the browser's card preview, small files). */
export function renderSheets(
  kind: SheetKind,
  accounts: readonly ExportAccount[],
  opts: ExportOptions,
  qrCache: QrCache,
): Uint8Array {
  return writeSheetPdf(accounts, opts, sheetSpec(kind, opts), qrCache, undefined).output();
}
