import { hasRtl, visualRuns, type Direction, type Piece } from './bidi.js';
import { BLACK, lineHeight, type FontKey, type PdfCanvas, type Rgb } from './canvas.js';

export interface Run {
  text: string;
  font: FontKey;
}

/**
 * Parses `**bold**` and `` `mono` `` in a template we wrote, then fills `{placeholders}` with
 * values. Values are substituted after parsing, so a name containing `**` prints as is.
 */
export function richText(template: string, values: Record<string, string>): Run[] {
  const runs: Run[] = [];
  const re = /\*\*(.+?)\*\*|`(.+?)`|([^*`]+|[*`])/g;
  for (const m of template.matchAll(re)) {
    const [, bold, mono, plain] = m;
    const font: FontKey = bold !== undefined ? 'bold' : mono !== undefined ? 'mono' : 'regular';
    const text = (bold ?? mono ?? plain ?? '').replace(
      /\{(\w+)\}/g,
      (_, k: string) => values[k] ?? `{${k}}`,
    );
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += text;
    else runs.push({ text, font });
  }
  return runs;
}

interface Word {
  pieces: Run[];
  /** the whitespace after the word, in the font of its last piece */
  space: string;
}

/** Splits runs into words; a word may mix fonts ("(**name**)") and never breaks inside. */
function words(runs: readonly Run[]): Word[] {
  const out: Word[] = [];
  let current: Word = { pieces: [], space: '' };
  for (const run of runs) {
    for (const part of run.text.match(/\S+|\s+/g) ?? []) {
      if (/^\s/.test(part)) {
        current.space += part;
        continue;
      }
      if (current.space !== '') {
        out.push(current);
        current = { pieces: [], space: '' };
      }
      current.pieces.push({ text: part, font: run.font });
    }
  }
  if (current.pieces.length > 0) out.push(current);
  return out;
}

/** A piece of text put on the current line, at `x` from its start (logical order). */
interface Placed {
  text: string;
  font: FontKey;
  x: number;
}

/**
 * Draws one line of a paragraph of direction `dir`. Without right-to-left text every piece goes
 * where it was measured; with it, the line (spaces included) is reordered as a whole (bidi.ts),
 * so that the words of a Hebrew or Arabic name inside a Dutch sentence read right to left.
 */
function drawLine(
  canvas: PdfCanvas,
  placed: readonly Placed[],
  x: number,
  y: number,
  pt: number,
  color: Rgb,
  dir: Direction,
): void {
  if (!placed.some((p) => hasRtl(p.text))) {
    for (const p of placed) canvas.text(p.text, x + p.x, y, p.font, pt, color, dir);
    return;
  }
  const pieces: Array<Piece<FontKey>> = [];
  placed.forEach((p, i) => {
    const prev = placed[i - 1];
    // A gap between two pieces is a space of the earlier one's font (as when it was measured).
    if (prev && p.x > prev.x + canvas.width(prev.text, prev.font, pt, dir) + 1e-6)
      pieces.push({ text: ' ', tag: prev.font });
    pieces.push({ text: p.text, tag: p.font });
  });
  let cx = x;
  for (const run of visualRuns(pieces, dir)) {
    const runDir = run.rtl ? 'rtl' : 'ltr';
    canvas.text(run.text, cx, y, run.tag, pt, color, runDir);
    cx += canvas.width(run.text, run.tag, pt, runDir);
  }
}

/**
 * Sets runs as a left-aligned paragraph of `width` mm starting with its line box at `top`;
 * returns the y below the last line. Words longer than a line are broken. `dir` is the
 * paragraph's direction: a letter in Dutch is left to right whatever names it holds.
 */
export function flowParagraph(
  canvas: PdfCanvas,
  runs: readonly Run[],
  x: number,
  top: number,
  width: number,
  pt: number,
  color: Rgb = BLACK,
  lineGap = 0.6,
  dir: Direction = 'ltr',
): number {
  let y = top;
  let cx = 0;
  let line: Placed[] = [];
  const step = lineHeight(pt) + lineGap;
  const put = (text: string, font: FontKey): void => {
    line.push({ text, font, x: cx });
  };
  const newLine = (): void => {
    drawLine(canvas, line, x, y, pt, color, dir);
    line = [];
    y += step;
    cx = 0;
  };
  for (const word of words(runs)) {
    const widths = word.pieces.map((p) => canvas.width(p.text, p.font, pt, dir));
    const w = widths.reduce((a, b) => a + b, 0);
    if (cx > 0 && cx + w > width) newLine();
    word.pieces.forEach((piece, i) => {
      if (cx + (widths[i] ?? 0) <= width) {
        put(piece.text, piece.font);
        cx += widths[i] ?? 0;
        return;
      }
      // A URL or username wider than the column: break it by characters.
      let chunk = '';
      for (const ch of Array.from(piece.text)) {
        if (
          cx + canvas.width(chunk + ch, piece.font, pt, dir) > width &&
          (cx > 0 || chunk !== '')
        ) {
          put(chunk, piece.font);
          newLine();
          chunk = '';
        }
        chunk += ch;
      }
      put(chunk, piece.font);
      cx += canvas.width(chunk, piece.font, pt, dir);
    });
    const last = word.pieces[word.pieces.length - 1];
    if (last && word.space !== '') cx += canvas.width(' ', last.font, pt, dir);
  }
  drawLine(canvas, line, x, y, pt, color, dir);
  return y + step;
}
