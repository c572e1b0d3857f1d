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

/**
 * Sets runs as a left-aligned paragraph of `width` mm starting with its line box at `top`;
 * returns the y below the last line. Words longer than a line are broken.
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
): number {
  let y = top;
  let cx = 0;
  const step = lineHeight(pt) + lineGap;
  const newLine = (): void => {
    y += step;
    cx = 0;
  };
  for (const word of words(runs)) {
    const widths = word.pieces.map((p) => canvas.width(p.text, p.font, pt));
    const w = widths.reduce((a, b) => a + b, 0);
    if (cx > 0 && cx + w > width) newLine();
    word.pieces.forEach((piece, i) => {
      if (cx + (widths[i] ?? 0) <= width) {
        canvas.text(piece.text, x + cx, y, piece.font, pt, color);
        cx += widths[i] ?? 0;
        return;
      }
      // A URL or username wider than the column: break it by characters.
      let chunk = '';
      for (const ch of Array.from(piece.text)) {
        if (cx + canvas.width(chunk + ch, piece.font, pt) > width && (cx > 0 || chunk !== '')) {
          canvas.text(chunk, x + cx, y, piece.font, pt, color);
          newLine();
          chunk = '';
        }
        chunk += ch;
      }
      canvas.text(chunk, x + cx, y, piece.font, pt, color);
      cx += canvas.width(chunk, piece.font, pt);
    });
    const last = word.pieces[word.pieces.length - 1];
    if (last && word.space !== '') cx += canvas.width(' ', last.font, pt);
  }
  return y + step;
}
