import { A4, BLACK, GREY, lineHeight, PdfCanvas, type Rgb } from './pdf/canvas.js';
import { flowParagraph } from './pdf/flow.js';
import { cleanText } from './text.js';
import type { Deflate, ExportAssets } from './types.js';

// A readable record of what is held about one person (the access right): a title, a few lines
// under it, then sections of "label: value" rows that wrap and break across pages. The caller
// writes the labels in the reader's language; this file only lays them out.

export interface RecordSection {
  heading: string;
  /** Rows of label and value; an empty list prints `empty`. */
  rows: Array<[label: string, value: string]>;
  empty?: string;
}

export interface RecordDocument {
  title: string;
  lines: string[];
  sections: RecordSection[];
  /** Printed small at the bottom of every page ("Pagina {page}" is not needed: it is short). */
  footer?: string;
}

const MARGIN = 18;
const WIDTH = A4.width - 2 * MARGIN;
const LABEL_W = 52;
const PT = 9.5;
const RULE: Rgb = [200, 200, 200];
const BOTTOM = A4.height - MARGIN - 6;

export function buildRecordPdf(
  doc: RecordDocument,
  opts: { assets: ExportAssets; now?: Date; deflate?: Deflate },
): Uint8Array {
  const canvas = new PdfCanvas(opts.assets, {
    title: cleanText(doc.title),
    now: opts.now,
    deflate: opts.deflate,
  });
  const footer = () => {
    if (doc.footer)
      canvas.text(cleanText(doc.footer), MARGIN, A4.height - MARGIN, 'regular', 7.5, GREY, 'ltr');
  };
  let y = MARGIN;
  const room = (needed: number) => {
    if (y + needed <= BOTTOM) return;
    footer();
    canvas.addPage();
    y = MARGIN;
  };
  const plain = (text: string) => [{ text: cleanText(text), font: 'regular' as const }];

  // The record is in a left-to-right language: a name in Hebrew sits inside its sentences.
  canvas.text(cleanText(doc.title), MARGIN, y, 'bold', 16, BLACK, 'ltr');
  y += lineHeight(16) + 2;
  for (const line of doc.lines) y = flowParagraph(canvas, plain(line), MARGIN, y, WIDTH, PT, GREY);
  for (const section of doc.sections) {
    y += 4;
    room(lineHeight(12) + 2 * lineHeight(PT));
    canvas.text(cleanText(section.heading), MARGIN, y, 'bold', 12, BLACK, 'ltr');
    y += lineHeight(12) + 0.5;
    canvas.line(MARGIN, y, MARGIN + WIDTH, y, 0.2, RULE);
    y += 1.5;
    if (!section.rows.length && section.empty) {
      y = flowParagraph(canvas, plain(section.empty), MARGIN, y, WIDTH, PT, GREY);
      continue;
    }
    for (const [label, value] of section.rows) {
      // A value longer than a page is cut by the page break like any paragraph: rows are short.
      room(lineHeight(PT) + 1);
      const top = y;
      const afterLabel = flowParagraph(canvas, plain(label), MARGIN, top, LABEL_W - 3, PT, GREY);
      const afterValue = flowParagraph(
        canvas,
        plain(value || '—'),
        MARGIN + LABEL_W,
        top,
        WIDTH - LABEL_W,
        PT,
        BLACK,
      );
      y = Math.max(afterLabel, afterValue);
    }
  }
  footer();
  return canvas.output();
}
