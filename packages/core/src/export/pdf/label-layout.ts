import { BLACK, GREY, lineHeight, MM_PER_PT, type FontKey, type Rgb } from './canvas.js';
import { truncate, type Measure } from './fit.js';
import { fitLabelled, fitText, linesHeight, place, type Line } from './label-text.js';
import type { Box, Insets, LabelContent, LabelItem, LabelMetrics } from './label-types.js';

export type { Box, Insets, LabelContent, LabelItem, LabelMetrics } from './label-types.js';

const HEADER_GAP = 2; // below the header line; also the QR's quiet zone on top
const QR_BOTTOM_CLEARANCE = 1.5; // extra quiet zone between the QR and the pictures
const QR_GUTTER = 3; // between the text column and the QR (about 4 modules of quiet zone)
const BLOCK_GAP = 1;
const PICTURE_NAME_GAP = 0.4;
const PICTURE_ROW_GAP = 1.2;
// Steps tried until the text column fits: [names, username/password, URL] scale factors. The URL
// gives way first (the QR code carries it too), then everything shrinks together.
const STEPS: ReadonlyArray<readonly [number, number, number]> = [
  [1, 1, 1],
  [1, 1, 0.85],
  [0.92, 1, 0.85],
  [0.85, 0.92, 0.85],
  [0.78, 0.85, 0.85],
  [0.71, 0.78, 0.85],
  [0.64, 0.71, 0.8],
  [0.57, 0.64, 0.75],
];
const MIN_PICTURE_GAP = 0.5;
const LABEL_GAP = 2; // between an inline "Wachtwoord:" and the first picture

/**
 * The picture password as a row along the bottom of `inner`, as wide as the label allows, each
 * picture with its name in small print. "Wachtwoord:" goes in front of the row when the
 * pictures still get their minimum size there (else the caller puts it above the row).
 */
function pictureRow(
  measure: Measure,
  c: LabelContent,
  inner: Box,
  m: LabelMetrics,
): { items: LabelItem[]; top: number | undefined; labelInline: boolean } {
  const pictures = c.pictures ?? [];
  const items: LabelItem[] = [];
  if (pictures.length === 0) return { items, top: undefined, labelInline: false };
  const n = pictures.length;
  const labelText = c.passwordLabel;
  const labelW = measure(labelText, 'regular', m.usernamePt);
  const labelInline = n * m.pictureMin + (n - 1) * MIN_PICTURE_GAP + labelW + LABEL_GAP <= inner.w;
  const rowX = labelInline ? inner.x + labelW + LABEL_GAP : inner.x;
  const rowW = inner.x + inner.w - rowX;
  let gap = m.pictureGap;
  let size = Math.min(m.pictureMax, (rowW - (n - 1) * gap) / n);
  if (size < m.pictureMin) {
    size = Math.min(m.pictureMin, rowW / n);
    gap = n > 1 ? (rowW - n * size) / (n - 1) : 0;
  }
  const namePt = m.pictureNamePt;
  const top = inner.y + inner.h - (size + PICTURE_NAME_GAP + lineHeight(namePt));
  if (labelInline) {
    const line: Line = [{ text: labelText, font: 'regular', pt: m.usernamePt, color: BLACK }];
    place([line], inner.x, top + (size - lineHeight(m.usernamePt)) / 2, items, measure);
  }
  pictures.forEach((p, i) => {
    const px = rowX + i * (size + gap);
    items.push({ kind: 'picture', id: p.id, x: px, y: top, w: size, h: size });
    const room = size + Math.min(gap, 1.5) * 0.8;
    const [line] = fitText(measure, p.name, 'regular', GREY, namePt, 3.5, room, 1, 0);
    const segment = line?.[0];
    if (!segment || segment.text === '') return;
    const tw = measure(segment.text, 'regular', segment.pt);
    // Centred under the picture but never past the padding, all names on one baseline.
    const nx = Math.min(Math.max(px + (size - tw) / 2, inner.x), inner.x + inner.w - tw);
    const ny = top + size + PICTURE_NAME_GAP + (namePt - segment.pt) * MM_PER_PT * 0.93;
    place([[segment]], nx, ny, items, measure);
  });
  return { items, top, labelInline };
}

/**
 * Lays out one login card or sticker inside `box`: header (group, product name), first and last
 * name, the personal URL with its QR code on the right, the username, and the password in the
 * monospace font or as a row of pictures with their names. Everything stays inside the insets
 * (`metrics.padding` on every side unless given);
 * text shrinks, wraps and finally ellipsises so that nothing overlaps (never the username or
 * password, which are typed from it).
 */
export function layoutLabel(
  measure: Measure,
  c: LabelContent,
  box: Box,
  m: LabelMetrics,
  insets: Insets = { top: m.padding, right: m.padding, bottom: m.padding, left: m.padding },
): LabelItem[] {
  const items: LabelItem[] = [];
  const x0 = box.x + insets.left;
  const y0 = box.y + insets.top;
  const w = box.w - insets.left - insets.right;
  const bottom0 = box.y + box.h - insets.bottom;

  placeHeader(measure, c, m, { x: x0, y: y0, w }, items);
  const top = y0 + lineHeight(m.headerPt) + HEADER_GAP;

  const row = pictureRow(measure, c, { x: x0, y: y0, w, h: bottom0 - y0 }, m);
  items.push(...row.items);
  const bottom = row.top === undefined ? bottom0 : row.top - PICTURE_ROW_GAP;

  // The QR code sits top right; the text column gets the rest of the width.
  const regionH = bottom - top;
  const q = Math.min(m.qrMax, row.top === undefined ? regionH : regionH - QR_BOTTOM_CLEARANCE);
  items.push({ kind: 'qr', text: c.url, x: x0 + w - q, y: top, w: q, h: q });
  const colW = w - q - QR_GUTTER;

  const column = fitColumn(measure, c, m, colW, regionH, row.labelInline);
  place(column.names, x0, top, items, measure);
  place(column.creds, x0, bottom - linesHeight(column.creds), items, measure);
  return items;
}

/** Header: product name on the right, the group in the rest of the line. */
function placeHeader(
  measure: Measure,
  c: LabelContent,
  m: LabelMetrics,
  { x, y, w }: Omit<Box, 'h'>,
  items: LabelItem[],
): void {
  const product = truncate(measure, c.productName, 'bold', m.headerPt, w / 2);
  const productW = measure(product, 'bold', m.headerPt);
  const header: Line = [{ text: product, font: 'bold', pt: m.headerPt, color: GREY }];
  place([header], x + w - productW, y, items, measure);
  const groupW = w - productW - 3;
  place(
    fitText(measure, c.group, 'regular', GREY, m.headerPt, m.minPt, groupW, 1, 0),
    x,
    y,
    items,
    measure,
  );
}

/** The text column: the names at its top, the URL and credentials at its bottom. */
interface Column {
  names: Line[];
  creds: Line[];
}

/**
 * The column at the first of STEPS where names and credentials fit `height` together; else (a
 * name of hundreds of characters) one line each at the smallest size for the names and the URL,
 * and the username and password whole. The password stays out when its label sits inline in
 * front of the pictures.
 */
function fitColumn(
  measure: Measure,
  c: LabelContent,
  m: LabelMetrics,
  width: number,
  height: number,
  passwordLabelInline: boolean,
): Column {
  for (const [nameScale, credScale, urlScale] of STEPS) {
    const ns = (pt: number): number => Math.max(m.minPt, pt * nameScale);
    const cs = (pt: number): number => Math.max(m.minPt, pt * credScale);
    const us = (pt: number): number => Math.max(m.minPt, pt * urlScale);
    const labelled = (label: string, value: string, font: FontKey, valuePt: number): Line[] =>
      fitLabelled(measure, label, value, font, cs(m.usernamePt), cs(valuePt), m.minPt, width);
    const names = [
      ...fitText(measure, c.firstName, 'regular', BLACK, ns(m.firstNamePt), m.minPt, width, 2, 0.7),
      ...fitText(measure, c.lastName, 'bold', BLACK, ns(m.lastNamePt), m.minPt, width, 2, 0.7),
    ];
    const creds = [
      ...fitText(measure, c.url, 'regular', GREY, us(m.urlPt), m.minPt, width, 2, 0),
      ...labelled(c.usernameLabel, c.username, 'bold', m.usernamePt),
    ];
    if (!passwordLabelInline)
      creds.push(...labelled(c.passwordLabel, c.password ?? '', 'mono', m.passwordPt));
    if (linesHeight(names) + BLOCK_GAP + linesHeight(creds) <= height) return { names, creds };
  }
  const one = (text: string, font: FontKey, color: Rgb): Line[] =>
    fitText(measure, text, font, color, m.minPt, m.minPt, width, 1, 0);
  // The username and password are typed from the label: wrapped, never cut.
  const labelled = (label: string, value: string, font: FontKey): Line[] =>
    fitLabelled(measure, label, value, font, m.minPt, m.minPt, m.minPt, width);
  return {
    names: [...one(c.firstName, 'regular', BLACK), ...one(c.lastName, 'bold', BLACK)],
    creds: [
      ...one(c.url, 'regular', GREY),
      ...labelled(c.usernameLabel, c.username, 'bold'),
      ...(passwordLabelInline ? [] : labelled(c.passwordLabel, c.password ?? '', 'mono')),
    ],
  };
}
