import { BLACK, GREY, lineHeight, MM_PER_PT, type FontKey, type Rgb } from './canvas.js';
import { fitSize, truncate, wrap, type Measure } from './fit.js';

/** A rectangle in mm, origin top-left of the page. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type LabelItem =
  | ({ kind: 'text'; text: string; font: FontKey; pt: number; color: Rgb } & Box)
  | ({ kind: 'picture'; id: string } & Box)
  | ({ kind: 'qr'; text: string } & Box);

/** Sizes of one label format (the A4 card or the 105 × 48 mm sticker). */
export interface LabelMetrics {
  /** blank border inside the label edge, mm */
  padding: number;
  headerPt: number;
  firstNamePt: number;
  lastNamePt: number;
  urlPt: number;
  usernamePt: number;
  passwordPt: number;
  /** no text is set smaller than this */
  minPt: number;
  qrMax: number;
  pictureMax: number;
  /** a picture is never smaller than this (a child must recognise it) */
  pictureMin: number;
  pictureGap: number;
  pictureNamePt: number;
}

/** What a label shows, already cleaned for printing. */
export interface LabelContent {
  productName: string;
  group: string;
  firstName: string;
  lastName: string;
  url: string;
  usernameLabel: string;
  username: string;
  passwordLabel: string;
  /** text password (word or temporary), printed in the monospace font */
  password?: string | undefined;
  /** picture password, in order */
  pictures?: ReadonlyArray<{ id: string; name: string }> | undefined;
}

interface Segment {
  text: string;
  font: FontKey;
  pt: number;
  color: Rgb;
}
type Line = Segment[];

const HEADER_GAP = 2; // below the header line; also the QR's quiet zone on top
const QR_BOTTOM_CLEARANCE = 1.5; // extra quiet zone between the QR and the pictures
const QR_GUTTER = 3; // between the text column and the QR (about 4 modules of quiet zone)
const LINE_GAP = 0.35;
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

function linesHeight(lines: readonly Line[]): number {
  let h = 0;
  for (const line of lines) h += lineHeight(Math.max(...line.map((s) => s.pt)));
  return h + Math.max(0, lines.length - 1) * LINE_GAP;
}

/**
 * One text value at the largest size that fits: shrinks on one line down to `keepOneLine` ×
 * maxPt, then prefers two lines, then the smallest size, then an ellipsis.
 */
function fitText(
  measure: Measure,
  text: string,
  font: FontKey,
  color: Rgb,
  maxPt: number,
  minPt: number,
  width: number,
  maxLines: 1 | 2,
  keepOneLine: number,
): Line[] {
  const lo = Math.min(minPt, maxPt);
  const one = fitSize(measure, text, font, maxPt, lo, width);
  if (one !== undefined && one >= keepOneLine * maxPt) return [[{ text, font, pt: one, color }]];
  if (maxLines === 2) {
    for (let pt = Math.floor(maxPt * 2) / 2; pt >= lo; pt -= 0.5) {
      if (one !== undefined && pt <= one) break;
      const lines = wrap(measure, text, font, pt, width);
      if (lines.length <= 2) return lines.map((t) => [{ text: t, font, pt, color }]);
    }
  }
  if (one !== undefined) return [[{ text, font, pt: one, color }]];
  if (maxLines === 2) {
    const lines = wrap(measure, text, font, lo, width);
    const second = truncate(measure, lines.slice(1).join(' '), font, lo, width);
    return [
      [{ text: lines[0] ?? '', font, pt: lo, color }],
      [{ text: second, font, pt: lo, color }],
    ];
  }
  return [[{ text: truncate(measure, text, font, lo, width), font, pt: lo, color }]];
}

/** "Label: value" on one line when it fits at a readable size, else the value on its own line(s). */
function fitLabelled(
  measure: Measure,
  label: string,
  value: string,
  valueFont: FontKey,
  labelPt: number,
  valuePt: number,
  minPt: number,
  width: number,
): Line[] {
  const labelText = value === '' ? `${label}:` : `${label}: `;
  const total = measure(labelText, 'regular', labelPt) + measure(value, valueFont, valuePt);
  const f = Math.min(1, width / total);
  const round = (pt: number): number => Math.floor(pt * f * 4) / 4;
  if (f === 1 || (round(labelPt) >= Math.max(minPt, labelPt * 0.8) && round(valuePt) >= minPt)) {
    const lp = f === 1 ? labelPt : round(labelPt);
    const vp = f === 1 ? valuePt : round(valuePt);
    if (measure(labelText, 'regular', lp) + measure(value, valueFont, vp) <= width) {
      const line: Line = [{ text: labelText, font: 'regular', pt: lp, color: BLACK }];
      if (value !== '') line.push({ text: value, font: valueFont, pt: vp, color: BLACK });
      return [line];
    }
  }
  return [
    ...fitText(measure, `${label}:`, 'regular', BLACK, labelPt, minPt, width, 1, 0),
    ...fitText(measure, value, valueFont, BLACK, valuePt, minPt, width, 2, 0),
  ];
}

function place(lines: readonly Line[], x: number, top: number, out: LabelItem[], measure: Measure): number {
  let y = top;
  for (const line of lines) {
    const maxPt = Math.max(...line.map((s) => s.pt));
    let cx = x;
    for (const s of line) {
      // Common baseline: a smaller segment starts lower by the difference in ascent.
      const dy = (maxPt - s.pt) * MM_PER_PT * 0.93;
      const w = measure(s.text, s.font, s.pt);
      out.push({ kind: 'text', text: s.text, font: s.font, pt: s.pt, color: s.color, x: cx, y: y + dy, w, h: lineHeight(s.pt) });
      cx += w;
    }
    y += lineHeight(maxPt) + LINE_GAP;
  }
  return y;
}

/**
 * Lays out one login card or sticker inside `box`: header (group, product name), first and last
 * name, the personal URL with its QR code on the right, the username, and the password in the
 * monospace font or as a row of pictures with their names. Everything stays inside the padding;
 * text shrinks, wraps and finally ellipsises so that nothing overlaps.
 */
export function layoutLabel(measure: Measure, c: LabelContent, box: Box, m: LabelMetrics): LabelItem[] {
  const items: LabelItem[] = [];
  const x0 = box.x + m.padding;
  const y0 = box.y + m.padding;
  const w = box.w - 2 * m.padding;
  const bottom0 = box.y + box.h - m.padding;

  // Header: product name on the right, the group in the rest of the line.
  const productW = measure(c.productName, 'bold', m.headerPt);
  items.push({ kind: 'text', text: c.productName, font: 'bold', pt: m.headerPt, color: GREY, x: x0 + w - productW, y: y0, w: productW, h: lineHeight(m.headerPt) });
  const groupLine = fitText(measure, c.group, 'regular', GREY, m.headerPt, m.minPt, w - productW - 3, 1, 0);
  place(groupLine, x0, y0, items, measure);
  const top = y0 + lineHeight(m.headerPt) + HEADER_GAP;

  // Picture row along the bottom edge, as wide as the label allows. "Wachtwoord:" goes in front
  // of the pictures when they still get their minimum size there, else above them.
  let bottom = bottom0;
  const pictures = c.pictures ?? [];
  let passwordLabelInline = false;
  if (pictures.length > 0) {
    const n = pictures.length;
    const labelText = `${c.passwordLabel}:`;
    const labelW = measure(labelText, 'regular', m.usernamePt);
    passwordLabelInline = n * m.pictureMin + (n - 1) * MIN_PICTURE_GAP + labelW + LABEL_GAP <= w;
    const rowX = passwordLabelInline ? x0 + labelW + LABEL_GAP : x0;
    const rowW = x0 + w - rowX;
    let gap = m.pictureGap;
    let size = Math.min(m.pictureMax, (rowW - (n - 1) * gap) / n);
    if (size < m.pictureMin) {
      size = Math.min(m.pictureMin, rowW / n);
      gap = n > 1 ? (rowW - n * size) / (n - 1) : 0;
    }
    const namePt = m.pictureNamePt;
    const rowTop = bottom0 - (size + PICTURE_NAME_GAP + lineHeight(namePt));
    if (passwordLabelInline) {
      const ly = rowTop + (size - lineHeight(m.usernamePt)) / 2;
      items.push({ kind: 'text', text: labelText, font: 'regular', pt: m.usernamePt, color: BLACK, x: x0, y: ly, w: labelW, h: lineHeight(m.usernamePt) });
    }
    pictures.forEach((p, i) => {
      const px = rowX + i * (size + gap);
      items.push({ kind: 'picture', id: p.id, x: px, y: rowTop, w: size, h: size });
      const room = size + Math.min(gap, 1.5) * 0.8;
      const line = fitText(measure, p.name, 'regular', GREY, namePt, Math.min(3.5, namePt), room, 1, 0)[0] ?? [];
      const tw = line[0] ? measure(line[0].text, 'regular', line[0].pt) : 0;
      const pt = line[0]?.pt ?? namePt;
      // Names are centred under their picture, on one baseline even when one was shrunk.
      const ny = rowTop + size + PICTURE_NAME_GAP + (namePt - pt) * MM_PER_PT * 0.93;
      // Centred, but never past the padding (a wide name under the first or last picture).
      const nx = Math.min(Math.max(px + (size - tw) / 2, x0), x0 + w - tw);
      if (line[0]) items.push({ kind: 'text', text: line[0].text, font: 'regular', pt, color: GREY, x: nx, y: ny, w: tw, h: lineHeight(pt) });
    });
    bottom = rowTop - PICTURE_ROW_GAP;
  }

  // The QR code sits top right; the text column gets the rest of the width.
  const regionH = bottom - top;
  const q = Math.min(m.qrMax, pictures.length > 0 ? regionH - QR_BOTTOM_CLEARANCE : regionH);
  items.push({ kind: 'qr', text: c.url, x: x0 + w - q, y: top, w: q, h: q });
  const colW = w - q - QR_GUTTER;

  let chosen: { names: Line[]; creds: Line[] } | undefined;
  for (const [nameScale, credScale, urlScale] of STEPS) {
    const ns = (pt: number): number => Math.max(m.minPt, pt * nameScale);
    const cs = (pt: number): number => Math.max(m.minPt, pt * credScale);
    const us = (pt: number): number => Math.max(m.minPt, pt * urlScale);
    const names = [
      ...fitText(measure, c.firstName, 'regular', BLACK, ns(m.firstNamePt), m.minPt, colW, 2, 0.7),
      ...fitText(measure, c.lastName, 'bold', BLACK, ns(m.lastNamePt), m.minPt, colW, 2, 0.7),
    ];
    const creds = [
      ...fitText(measure, c.url, 'regular', GREY, us(m.urlPt), m.minPt, colW, 2, 0),
      ...fitLabelled(measure, c.usernameLabel, c.username, 'bold', cs(m.usernamePt), cs(m.usernamePt), m.minPt, colW),
    ];
    if (!passwordLabelInline) {
      creds.push(
        ...fitLabelled(measure, c.passwordLabel, c.password ?? '', 'mono', cs(m.usernamePt), cs(m.passwordPt), m.minPt, colW),
      );
    }
    chosen = { names, creds };
    if (linesHeight(names) + BLOCK_GAP + linesHeight(creds) <= regionH) break;
    chosen = undefined;
  }
  if (!chosen) {
    // Last resort (a name of hundreds of characters): one line each at the smallest size.
    const one = (text: string, font: FontKey, color: Rgb): Line[] => fitText(measure, text, font, color, m.minPt, m.minPt, colW, 1, 0);
    chosen = {
      names: [...one(c.firstName, 'regular', BLACK), ...one(c.lastName, 'bold', BLACK)],
      creds: [
        ...one(c.url, 'regular', GREY),
        ...one(`${c.usernameLabel}: ${c.username}`, 'bold', BLACK),
        ...(passwordLabelInline ? [] : one(`${c.passwordLabel}: ${c.password ?? ''}`, 'mono', BLACK)),
      ],
    };
  }
  place(chosen.names, x0, top, items, measure);
  place(chosen.creds, x0, bottom - linesHeight(chosen.creds), items, measure);
  return items;
}
