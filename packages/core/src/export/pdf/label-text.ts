/** How a label's text fits its room and becomes placed items: lines of sized segments. */
import { BLACK, lineHeight, MM_PER_PT, type FontKey, type Rgb } from './canvas.js';
import { fitSize, truncate, wrap, type Measure } from './fit.js';
import type { LabelItem } from './label-types.js';

export interface Segment {
  text: string;
  font: FontKey;
  pt: number;
  color: Rgb;
}
export type Line = Segment[];

const LINE_GAP = 0.35;

export function linesHeight(lines: readonly Line[]): number {
  let h = 0;
  for (const line of lines) h += lineHeight(Math.max(...line.map((s) => s.pt)));
  return h + Math.max(0, lines.length - 1) * LINE_GAP;
}

/**
 * One text value at the largest size that fits: shrinks on one line down to `keepOneLine` ×
 * maxPt, then prefers two lines, then the smallest size, then an ellipsis; or, when `whole` (a
 * username or password, typed from the card), as many lines at the smallest size as it needs.
 */
export function fitText(
  measure: Measure,
  text: string,
  font: FontKey,
  color: Rgb,
  maxPt: number,
  minPt: number,
  width: number,
  maxLines: 1 | 2,
  keepOneLine: number,
  whole = false,
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
  if (whole)
    return wrap(measure, text, font, lo, width).map((t) => [{ text: t, font, pt: lo, color }]);
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

/**
 * "Label: value" on one line when it fits at a readable size, else the value on its own line(s).
 * The value is never cut (fitText's `whole`): it is a username or password that is typed.
 */
export function fitLabelled(
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
    ...fitText(measure, value, valueFont, BLACK, valuePt, minPt, width, 2, 0, true),
  ];
}

/** Places `lines` top down from (`x`, `top`) into `out`, each on a common baseline; returns the y below. */
export function place(
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
