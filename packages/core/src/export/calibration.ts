import type { Locale } from '../usernames/locale.js';
import { A4, BLACK, GREY, lineHeight, PdfCanvas, type Rgb } from './pdf/canvas.js';
import { flowParagraph, richText } from './pdf/flow.js';
import {
  labelBox,
  MAX_PRINT_OFFSET,
  resolvePrint,
  SAFE_MARGIN,
  STICKER_SHEET,
} from './pdf/sheets.js';
import type { Deflate, ExportAssets, PrintOffset } from './types.js';

export interface CalibrationOptions {
  locale: Locale;
  assets: ExportAssets;
  /** the offset the sheet is printed with (the school's current setting); default none */
  offset?: PrintOffset;
  now?: Date;
  deflate?: Deflate;
}

interface CalibrationTexts {
  title: string;
  /** paragraphs; `**bold**`, {x} and {y} are the offset printed with */
  steps: string[];
  horizontal: string;
  vertical: string;
  ruler: string;
  printedWith: string;
}

const TEXTS: Record<Locale, CalibrationTexts> = {
  nl: {
    title: 'Kalibratieblad voor stickers en kaarten',
    steps: [
      '1. Druk dit blad af op gewoon papier, op **werkelijke grootte (100 %)**, niet "passend op pagina".',
      '2. Vouw het blad dubbel van **links naar rechts**: de randen precies op elkaar, scherp vouwen. Lees op de schaal **Horizontaal** af waar de vouw de schaal kruist.',
      '3. Vouw het blad open en dubbel van **boven naar onder**. Lees op de schaal **Verticaal** af waar de vouw de schaal kruist.',
      '4. Vul bij **Printerverschuiving** in: horizontaal = {x} + de eerste aflezing, verticaal = {y} + de tweede aflezing (in mm). Loopt de vouw over de 0, dan is de instelling goed.',
      'Zonder vouwen kan het ook: meet met een lat hoe ver de streep 20 van de linker- en de bovenrand staat. Staat ze 21,5 mm ver, dan drukt de printer 1,5 mm te ver: tel −1,5 bij.',
    ],
    horizontal: 'Horizontaal (mm)',
    vertical: 'Verticaal (mm)',
    ruler: 'mm vanaf de papierrand',
    printedWith: 'Afgedrukt met printerverschuiving horizontaal {x} mm, verticaal {y} mm.',
  },
  fr: {
    title: "Page d'étalonnage pour étiquettes et cartes",
    steps: [
      '1. Imprimez cette page sur du papier ordinaire, en **taille réelle (100 %)**, pas « ajuster à la page ».',
      '2. Pliez la feuille en deux **de gauche à droite** : bords exactement l’un sur l’autre, pli bien marqué. Lisez sur l’échelle **Horizontal** où le pli croise l’échelle.',
      '3. Dépliez et pliez la feuille en deux **de haut en bas**. Lisez sur l’échelle **Vertical** où le pli croise l’échelle.',
      '4. Sous **Décalage de l’imprimante**, indiquez : horizontal = {x} + la première lecture, vertical = {y} + la seconde (en mm). Si le pli passe par le 0, le réglage est bon.',
      'Sans plier : mesurez avec une règle la distance entre le trait 20 et les bords gauche et supérieur. S’il est à 21,5 mm, l’imprimante décale de 1,5 mm : ajoutez −1,5.',
    ],
    horizontal: 'Horizontal (mm)',
    vertical: 'Vertical (mm)',
    ruler: 'mm depuis le bord du papier',
    printedWith: 'Imprimé avec un décalage horizontal de {x} mm et vertical de {y} mm.',
  },
  en: {
    title: 'Calibration sheet for stickers and cards',
    steps: [
      '1. Print this sheet on plain paper at **actual size (100 %)**, not "fit to page".',
      '2. Fold the sheet in half **left onto right**: edges exactly on each other, crease sharply. Read on the **Horizontal** scale where the fold crosses it.',
      '3. Unfold, then fold the sheet in half **top onto bottom**. Read on the **Vertical** scale where the fold crosses it.',
      '4. Under **Printer offset** enter: horizontal = {x} + the first reading, vertical = {y} + the second (in mm). When the fold runs through 0, the setting is right.',
      'Without folding: measure with a ruler how far the line 20 is from the left and the top edge. At 21.5 mm the printer shifts 1.5 mm too far: add −1.5.',
    ],
    horizontal: 'Horizontal (mm)',
    vertical: 'Vertical (mm)',
    ruler: 'mm from the paper edge',
    printedWith: 'Printed with a printer offset of {x} mm horizontally and {y} mm vertically.',
  },
};

const OUTLINE: Rgb = [170, 170, 170];
const CENTRE = { x: A4.width / 2, y: A4.height / 2 };

function number(locale: Locale, n: number): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : `${locale}-BE`, {
    maximumFractionDigits: 1,
  })
    .format(n)
    .replace('-', '−');
}

/**
 * One A4 page that tells the school which printer offset to set: two fold scales (fold the
 * sheet in half; where the fold crosses the scale is the value, because the fold lies exactly
 * at the middle of the paper whatever the printer does), rulers from the paper edge, and the
 * outlines of the 12 stickers of a 105 × 48 mm sheet (numbered as "Begin op sticker" counts
 * them), to hold against a sticker sheet. Printed with the given offset, as the stickers will be.
 */
export function buildCalibrationPdf(opts: CalibrationOptions): Uint8Array {
  const { offset } = resolvePrint({ ...(opts.offset ? { offset: opts.offset } : {}) }, 12);
  const t = TEXTS[opts.locale];
  const canvas = new PdfCanvas(opts.assets, {
    title: t.title,
    now: opts.now,
    deflate: opts.deflate,
  });
  drawStickerOutlines(canvas, offset);
  drawRulers(canvas, t, offset);
  drawInstructions(canvas, t, opts.locale, offset);
  drawFoldScales(canvas, t, offset);
  return canvas.output();
}

/** Sticker outlines, kept 5 mm from the paper edge like everything else. */
function drawStickerOutlines(canvas: PdfCanvas, { x: dx, y: dy }: PrintOffset): void {
  const lo = SAFE_MARGIN;
  const clipX = (x: number): number => Math.min(Math.max(x, lo), A4.width - lo);
  const clipY = (y: number): number => Math.min(Math.max(y, lo), A4.height - lo);
  for (let i = 0; i < 12; i++) {
    const b = labelBox(STICKER_SHEET, i);
    const [x1, y1, x2, y2] = [clipX(b.x), clipY(b.y), clipX(b.x + b.w), clipY(b.y + b.h)];
    canvas.rect(x1 + dx, y1 + dy, x2 - x1, y2 - y1, 0.15, OUTLINE);
    canvas.text(String(i + 1), b.x + b.w - 12 + dx, b.y + b.h - 7 + dy, 'bold', 14, OUTLINE);
  }
}

/**
 * Rulers along the top (from 5 mm) and the left edge (from 15 mm, clear of the top one): each
 * mark at its distance from that edge.
 */
function drawRulers(canvas: PdfCanvas, t: CalibrationTexts, { x: dx, y: dy }: PrintOffset): void {
  const lo = SAFE_MARGIN;
  for (let mm = lo; mm <= 70; mm++) {
    const long = mm % 5 === 0 ? 3 : 1.5;
    if (mm <= 60) canvas.line(mm + dx, lo + dy, mm + dx, lo + long + dy, 0.15, BLACK);
    if (mm >= 15) canvas.line(lo + dx, mm + dy, lo + long + dx, mm + dy, 0.15, BLACK);
    if (mm % 10 !== 0) continue;
    const label = String(mm);
    const w = canvas.width(label, 'regular', 6);
    if (mm <= 60) canvas.text(label, mm - w / 2 + dx, lo + 3.3 + dy, 'regular', 6);
    if (mm >= 20) canvas.text(label, lo + 3.6 + dx, mm - lineHeight(6) / 2 + dy, 'regular', 6);
  }
  canvas.text(t.ruler, 64 + dx, lo + 0.3 + dy, 'regular', 6, GREY);
}

/** Title and steps, right of the left ruler, and the offset the sheet is printed with. */
function drawInstructions(
  canvas: PdfCanvas,
  t: CalibrationTexts,
  locale: Locale,
  { x: dx, y: dy }: PrintOffset,
): void {
  const x0 = 20;
  canvas.text(t.title, x0 + dx, 16 + dy, 'bold', 15);
  let y = 25;
  const values = { x: number(locale, dx), y: number(locale, dy) };
  for (const step of t.steps)
    y = flowParagraph(canvas, richText(step, values), x0 + dx, y + dy, 170, 9.5) - dy + 1;
  flowParagraph(canvas, richText(t.printedWith, values), x0 + dx, y + dy, 170, 8, GREY);
}

/** Where the fold scales lie on the page: the horizontal one's baseline, the vertical one's line. */
const FOLD_HY = 125;
const FOLD_VX = 40;

/**
 * Fold scales, true to the millimetre: value v lies v mm right of (below) the paper's middle.
 * Labels alternate sides so that they stay legible 1 mm apart.
 */
function drawFoldScales(canvas: PdfCanvas, t: CalibrationTexts, offset: PrintOffset): void {
  const { x: dx, y: dy } = offset;
  const hy = FOLD_HY;
  const vx = FOLD_VX;
  const title = (text: string, x: number, y: number): void =>
    canvas.text(text, x - canvas.width(text, 'bold', 9) / 2 + dx, y + dy, 'bold', 9);
  title(t.horizontal, CENTRE.x, hy - 16);
  canvas.text('−', CENTRE.x - MAX_PRINT_OFFSET - 4 + dx, hy - 2.5 + dy, 'bold', 9);
  canvas.text('+', CENTRE.x + MAX_PRINT_OFFSET + 1.5 + dx, hy - 2.5 + dy, 'bold', 9);
  title(t.vertical, vx, CENTRE.y - MAX_PRINT_OFFSET - 14);
  canvas.text('−', vx - 1 + dx, CENTRE.y - MAX_PRINT_OFFSET - 6 + dy, 'bold', 9);
  canvas.text('+', vx - 1 + dx, CENTRE.y + MAX_PRINT_OFFSET + 1.5 + dy, 'bold', 9);
  for (let half = -MAX_PRINT_OFFSET * 2; half <= MAX_PRINT_OFFSET * 2; half++)
    drawFoldTick(canvas, half, offset);
  canvas.line(
    CENTRE.x - MAX_PRINT_OFFSET + dx,
    hy + dy,
    CENTRE.x + MAX_PRINT_OFFSET + dx,
    hy + dy,
    0.15,
    BLACK,
  );
  canvas.line(
    vx + dx,
    CENTRE.y - MAX_PRINT_OFFSET + dy,
    vx + dx,
    CENTRE.y + MAX_PRINT_OFFSET + dy,
    0.15,
    BLACK,
  );
}

/** The tick for `half` half-millimetres on both fold scales, with its label on whole ones. */
function drawFoldTick(canvas: PdfCanvas, half: number, { x: dx, y: dy }: PrintOffset): void {
  const pt = 5;
  const hy = FOLD_HY;
  const vx = FOLD_VX;
  const v = half / 2;
  const whole = half % 2 === 0;
  const odd = whole && half % 4 !== 0;
  const len = v === 0 ? 7 : whole ? 5 : 2.5;
  const stroke = v === 0 ? 0.3 : 0.12;
  const label = String(Math.abs(v));
  const w = canvas.width(label, 'regular', pt);
  // horizontal: ticks hang up from the baseline, labels below it (odd ones lower)
  const x = CENTRE.x + v + dx;
  canvas.line(x, hy - len + dy, x, hy + dy, stroke, BLACK);
  if (whole) canvas.text(label, x - w / 2, hy + 0.6 + (odd ? 2.2 : 0) + dy, 'regular', pt);
  // vertical: ticks to the right of the line, labels right of them (odd ones further)
  const y = CENTRE.y + v + dy;
  canvas.line(vx + dx, y, vx + Math.min(len, 5) + dx, y, stroke, BLACK);
  if (whole) canvas.text(label, vx + (odd ? 8.4 : 5.8) + dx, y - lineHeight(pt) / 2, 'regular', pt);
}
