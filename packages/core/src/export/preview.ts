import type { Locale } from '../usernames/locale.js';
import { BASELINE, MM_PER_PT, PdfCanvas, type FontKey } from './pdf/canvas.js';
import type { Box } from './pdf/label-layout.js';
import { qrMatrix, qrRectangles } from './pdf/qr.js';
import { cleanText } from './text.js';
import {
  CARD_SPEC,
  cutLines,
  labelBox,
  placeAccounts,
  placedLabel,
  resolvePrint,
  STICKER_SPEC,
} from './pdf/sheets.js';
import type { ExportAccount, ExportAssets, PrintOptions } from './types.js';

export type PreviewItem =
  | {
      kind: 'text';
      text: string;
      x: number;
      baseline: number;
      font: FontKey;
      sizeMm: number;
      color: string;
    }
  | { kind: 'picture'; id: string; x: number; y: number; w: number; h: number }
  | {
      kind: 'qr';
      x: number;
      y: number;
      size: number;
      modules: number;
      rects: Array<[number, number, number, number]>;
    };

/** Page 1 of a cards or stickers PDF, in mm from the paper's top-left corner, for drawing as SVG. */
export interface PreviewPage {
  width: number;
  height: number;
  /** where the labels are on the paper (not moved by the offset): the sheet in the tray */
  labels: Box[];
  /** label positions (from 0) the first page fills */
  used: number[];
  cutLines: Array<[number, number, number, number]>;
  items: PreviewItem[];
}

const hex = (c: readonly number[]): string =>
  `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/**
 * The first page of `cards-a4.pdf` or `stickers-105x48.pdf` as the PDF builder lays it out (same
 * placement, offset, first sticker and group pages), for the dashboard's print preview.
 */
export function previewFirstPage(
  accounts: readonly ExportAccount[],
  kind: 'cards' | 'stickers',
  opts: { locale: Locale; productName: string; assets: ExportAssets; print?: PrintOptions },
): PreviewPage {
  const spec = kind === 'cards' ? CARD_SPEC : STICKER_SPEC;
  const perPage = spec.geometry.columns * spec.geometry.rows;
  const print = resolvePrint(
    spec.firstPosition ? opts.print : { ...opts.print, firstSticker: 1 },
    perPage,
  );
  const measure = new PdfCanvas(opts.assets, { title: 'preview' });
  const width = measure.width.bind(measure);
  const items: PreviewItem[] = [];
  const used: number[] = [];
  for (const p of placeAccounts(accounts, { locale: opts.locale, perPage, ...print })) {
    if (p.page > 0) break;
    used.push(p.slot);
    for (const it of placedLabel(width, p.account, p.slot, spec, opts, print.offset)) {
      if (it.kind === 'text') {
        if (it.text === '') continue;
        items.push({
          kind: 'text',
          text: it.text,
          x: it.x,
          baseline: it.y + it.pt * MM_PER_PT * BASELINE,
          font: it.font,
          sizeMm: it.pt * MM_PER_PT,
          color: hex(it.color),
        });
      } else if (it.kind === 'qr') {
        const m = qrMatrix(it.text);
        items.push({
          kind: 'qr',
          x: it.x,
          y: it.y,
          size: it.w,
          modules: m.size,
          rects: qrRectangles(m),
        });
      } else items.push({ kind: 'picture', id: it.id, x: it.x, y: it.y, w: it.w, h: it.h });
    }
  }
  return {
    width: 210,
    height: 297,
    labels: Array.from({ length: perPage }, (_, i) => labelBox(spec.geometry, i)),
    used,
    cutLines: spec.cutLines ? cutLines(spec.geometry, print.offset) : [],
    items,
  };
}

/** A student whose name or group holds characters the cards' fonts cannot print. */
export interface UnprintableName {
  firstName: string;
  lastName: string;
  group: string;
  /** the characters left out of the cards and stickers, once each */
  characters: string;
}

/**
 * The students of `accounts` whose first name, last name or group (as the builders print them:
 * cleanText) has characters without a glyph in the cards' fonts (DejaVu Sans and Sans Bold: Latin,
 * Greek, Cyrillic, Hebrew and more, but no Chinese, Japanese, Korean, Thai, Devanagari or emoji).
 * The PDFs leave such characters out, so the print dialog warns before anything is printed.
 */
export function unprintableNames(
  accounts: readonly Pick<ExportAccount, 'firstName' | 'lastName' | 'group'>[],
  assets: ExportAssets,
): UnprintableName[] {
  const canvas = new PdfCanvas(assets, { title: 'check' });
  const out: UnprintableName[] = [];
  for (const a of accounts) {
    const text = [a.firstName, a.lastName, a.group].map(cleanText).join(' ');
    const characters = new Set([
      ...canvas.missing(text, 'regular'),
      ...canvas.missing(text, 'bold'),
    ]);
    if (characters.size)
      out.push({
        firstName: a.firstName,
        lastName: a.lastName,
        group: a.group,
        characters: [...characters].join(''),
      });
  }
  return out;
}
