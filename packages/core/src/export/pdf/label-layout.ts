import { BLACK, GREY, lineHeight, MM_PER_PT, type FontKey, type Rgb } from './canvas.js';
import { fitSize, truncate, wrap, type Measure } from './fit.js';
import type { Box, Insets, LabelContent, LabelItem, LabelMetrics } from './label-types.js';

export type { Box, Insets, LabelContent, LabelItem, LabelMetrics } from './label-types.js';

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
  const labelText = value === '' ? label : `${label} `;
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
    ...fitText(measure, label, 'regular', BLACK, labelPt, minPt, width, 1, 0),
    ...fitText(measure, value, valueFont, BLACK, valuePt, minPt, width, 2, 0),
  ];
}

function place(
  lines: readonly Line[],
  x: number,
  top: number,
  out: LabelItem[],
  measure: Measure,
): number {
  let y = top;
  for (const line of lines) {
    const maxPt = Math.max(...line.map((s) => s.pt));
    let cx = x;
    for (const s of line) {
      // Common baseline: a smaller segment starts lower by the difference in ascent.
      const dy = (maxPt - s.pt) * MM_PER_PT * 0.93;
      const w = measure(s.text, s.font, s.pt);
      out.push({
        kind: 'text',
        text: s.text,
        font: s.font,
        pt: s.pt,
        color: s.color,
        x: cx,
        y: y + dy,
        w,
        h: lineHeight(s.pt),
      });
      cx += w;
    }
    y += lineHeight(maxPt) + LINE_GAP;
  }
  return y;
}

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
 * text shrinks, wraps and finally ellipsises so that nothing overlaps.
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

  // Header: product name on the right, the group in the rest of the line.
  const product = truncate(measure, c.productName, 'bold', m.headerPt, w / 2);
  const productW = measure(product, 'bold', m.headerPt);
  const header: Line = [{ text: product, font: 'bold', pt: m.headerPt, color: GREY }];
  place([header], x0 + w - productW, y0, items, measure);
  const groupW = w - productW - 3;
  place(
    fitText(measure, c.group, 'regular', GREY, m.headerPt, m.minPt, groupW, 1, 0),
    x0,
    y0,
    items,
    measure,
  );
  const top = y0 + lineHeight(m.headerPt) + HEADER_GAP;

  const row = pictureRow(measure, c, { x: x0, y: y0, w, h: bottom0 - y0 }, m);
  items.push(...row.items);
  const bottom = row.top === undefined ? bottom0 : row.top - PICTURE_ROW_GAP;
  const passwordLabelInline = row.labelInline;

  // The QR code sits top right; the text column gets the rest of the width.
  const regionH = bottom - top;
  const q = Math.min(m.qrMax, row.top === undefined ? regionH : regionH - QR_BOTTOM_CLEARANCE);
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
      ...fitLabelled(
        measure,
        c.usernameLabel,
        c.username,
        'bold',
        cs(m.usernamePt),
        cs(m.usernamePt),
        m.minPt,
        colW,
      ),
    ];
    if (!passwordLabelInline) {
      creds.push(
        ...fitLabelled(
          measure,
          c.passwordLabel,
          c.password ?? '',
          'mono',
          cs(m.usernamePt),
          cs(m.passwordPt),
          m.minPt,
          colW,
        ),
      );
    }
    chosen = { names, creds };
    if (linesHeight(names) + BLOCK_GAP + linesHeight(creds) <= regionH) break;
    chosen = undefined;
  }
  if (!chosen) {
    // Last resort (a name of hundreds of characters): one line each at the smallest size.
    const one = (text: string, font: FontKey, color: Rgb): Line[] =>
      fitText(measure, text, font, color, m.minPt, m.minPt, colW, 1, 0);
    chosen = {
      names: [...one(c.firstName, 'regular', BLACK), ...one(c.lastName, 'bold', BLACK)],
      creds: [
        ...one(c.url, 'regular', GREY),
        ...one(`${c.usernameLabel} ${c.username}`, 'bold', BLACK),
        ...(passwordLabelInline
          ? []
          : one(`${c.passwordLabel} ${c.password ?? ''}`, 'mono', BLACK)),
      ],
    };
  }
  place(chosen.names, x0, top, items, measure);
  place(chosen.creds, x0, bottom - linesHeight(chosen.creds), items, measure);
  return items;
}
