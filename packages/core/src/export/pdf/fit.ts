import type { FontKey } from './canvas.js';

export type Measure = (text: string, font: FontKey, pt: number) => number;

const ELLIPSIS = '…';

/** The largest size in [minPt, maxPt] (0.25 pt steps) at which `text` fits `width`, or undefined. */
export function fitSize(
  measure: Measure,
  text: string,
  font: FontKey,
  maxPt: number,
  minPt: number,
  width: number,
): number | undefined {
  const atMax = measure(text, font, maxPt);
  if (atMax <= width) return maxPt;
  // Width is linear in the size: jump close to the answer, then step down for rounding.
  let pt = Math.floor(((maxPt * width) / atMax) * 4) / 4;
  while (pt >= minPt) {
    if (measure(text, font, pt) <= width) return pt;
    pt -= 0.25;
  }
  return undefined;
}

/** `text` cut to fit `width` at `pt`, ending in an ellipsis when cut. */
export function truncate(
  measure: Measure,
  text: string,
  font: FontKey,
  pt: number,
  width: number,
): string {
  if (measure(text, font, pt) <= width) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS, font, pt) <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}

/**
 * Breaks `text` into lines no wider than `width`: at spaces and after hyphens and slashes when
 * possible, inside a word otherwise (a 50-character username has no spaces).
 */
export function wrap(
  measure: Measure,
  text: string,
  font: FontKey,
  pt: number,
  width: number,
): string[] {
  const pieces = text.match(/[^\s\-/.]*[\s\-/.]*/g)?.filter((p) => p !== '') ?? [];
  const lines: string[] = [];
  let line = '';
  const push = (): void => {
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = '';
  };
  for (const piece of pieces) {
    if (measure((line + piece).trimEnd(), font, pt) <= width) {
      line += piece;
      continue;
    }
    push();
    if (measure(piece.trimEnd(), font, pt) <= width) {
      line = piece;
      continue;
    }
    for (const ch of Array.from(piece)) {
      if (measure((line + ch).trimEnd(), font, pt) > width && line !== '') push();
      line += ch;
    }
  }
  push();
  return lines;
}
