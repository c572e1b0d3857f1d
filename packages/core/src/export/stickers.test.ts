import { describe, expect, it } from '@jest/globals';
import { FIXTURE, manyAccounts, schoolOptions } from '../../test/export-fixtures.js';
import { boxesOnPage, inkInBand, layoutOf, qrMismatches, qrOf } from '../../test/label-check.js';
import {
  pdfImages,
  pdfPageSizes,
  pdfSource,
  pdfText,
  pdfWords,
  renderPage,
  squash,
} from '../../test/pdf-tools.js';
import { buildStickersPdf, STICKER_METRICS, STICKER_SHEET } from './index.js';
import { A4 } from './pdf/canvas.js';
import { sortAccounts } from './text.js';

const opts = await schoolOptions({
  // One run of labels: the positions below are counted from the first label.
  print: { groupPages: false },
});
const pdf = buildStickersPdf(FIXTURE, opts);

describe('buildStickersPdf', () => {
  it('lays out 2 × 6 labels of exactly 105 × 48 mm that fill the A4 width, 4.5 mm top and bottom', () => {
    const g = STICKER_SHEET;
    expect([g.columns, g.rows, g.width, g.height]).toEqual([2, 6, 105, 48]);
    expect(g.left).toBeCloseTo(0, 1);
    expect(g.columns * g.width).toBeCloseTo(A4.width, 1);
    expect(g.top).toBeCloseTo(4.5, 1);
    expect(A4.height - g.top - g.rows * g.height).toBeCloseTo(4.5, 1);
    const boxes = boxesOnPage(g, 12);
    expect(boxes[11]).toEqual({ x: 105, y: 4.5 + 5 * 48, w: 105, h: 48 });
    // Labels touch without gaps or overlaps.
    for (let i = 0; i < 12; i++) {
      const b = boxes[i]!;
      expect(b.x).toBeCloseTo((i % 2) * 105, 1);
      expect(b.y).toBeCloseTo(4.5 + Math.floor(i / 2) * 48, 1);
    }
  });

  it('prints A4 pages of 12 labels', () => {
    const sizes = pdfPageSizes(pdf);
    expect(sizes).toHaveLength(1);
    expect([sizes[0]!.width, sizes[0]!.height]).toEqual([595.28, 841.89]);
    expect(pdfPageSizes(buildStickersPdf(manyAccounts(25), opts))).toHaveLength(3);
  });

  it('prints every name, username and password', () => {
    const text = squash(pdfText(pdf));
    for (const a of FIXTURE) {
      for (const value of [a.firstName, a.lastName, a.username, a.url])
        expect(text).toContain(squash(value));
      if (a.passwordKind === 'word') expect(text).toContain(`Wachtwoord:${a.password}`);
      if (a.passwordKind === 'temporary')
        expect(text).toContain(`Tijdelijkwachtwoord:${a.password}`);
    }
  });

  it('keeps every word at least 4 mm inside its label (measured on the page, to 0.1 mm)', () => {
    const boxes = boxesOnPage(STICKER_SHEET, 12);
    const words = pdfWords(pdf)[0]!;
    expect(words.length).toBeGreaterThan(100);
    for (const w of words) {
      const cx = (w.xMin + w.xMax) / 2;
      const cy = (w.yMin + w.yMax) / 2;
      const box = boxes.find((b) => cx >= b.x && cx < b.x + b.w && cy >= b.y && cy < b.y + b.h);
      expect(box).toBeDefined();
      const pad = STICKER_METRICS.padding - 0.1;
      expect(w.xMin).toBeGreaterThanOrEqual(box!.x + pad);
      expect(w.xMax).toBeLessThanOrEqual(box!.x + box!.w - pad);
      expect(w.yMin).toBeGreaterThanOrEqual(box!.y + pad);
      expect(w.yMax).toBeLessThanOrEqual(box!.y + box!.h - pad);
    }
  });

  it('draws nothing at all in the 4 mm along the edges of each label', () => {
    const img = renderPage(pdf, 1, 150);
    for (const box of boxesOnPage(STICKER_SHEET, 12)) expect(inkInBand(img, box, 0, 3.9)).toBe(0);
    // Above the first and below the last row (the sheet's own margin) stays blank too.
    expect(inkInBand(img, { x: 0, y: 0, w: A4.width, h: 4.5 }, 0, 99)).toBe(0);
    expect(inkInBand(img, { x: 0, y: A4.height - 4.5, w: A4.width, h: 4.5 }, 0, 99)).toBe(0);
  });

  it('draws one QR code with the personal URL on every label', () => {
    const sorted = sortAccounts(FIXTURE, 'nl');
    const img = renderPage(pdf, 1, 300);
    boxesOnPage(STICKER_SHEET, 12).forEach((box, i) => {
      const account = sorted[i];
      const qr = qrOf(opts.assets, account ?? FIXTURE[0]!, i, 'stickers');
      if (account) expect(qrMismatches(img, qr, account.url)).toBe(0);
      else expect(inkInBand(img, box, 0, 99)).toBe(0);
    });
  });

  it('fits picture passwords of up to 8 pictures, each at least 12 mm', () => {
    const images = pdfImages(pdf).filter((i) => i.type === 'image');
    expect(images).toHaveLength(FIXTURE.flatMap((a) => a.pictures ?? []).length);
    for (const image of images) expect(image.xPpi).toBeLessThanOrEqual(Math.ceil(64 / (12 / 25.4)));
    const eight = FIXTURE.find((a) => a.pictures?.length === 8)!;
    const items = layoutOf(opts.assets, eight, 0, 'stickers');
    const pictures = items.filter((it) => it.kind === 'picture');
    expect(pictures).toHaveLength(8);
    for (const p of pictures) expect(p.w).toBeGreaterThanOrEqual(12);
    expect(Math.min(...pictures.map((p) => p.x))).toBeGreaterThanOrEqual(5 - 1e-9);
    expect(Math.max(...pictures.map((p) => p.x + p.w))).toBeLessThanOrEqual(105 - 4 + 1e-9);
  });

  it('uses a smaller font when the name is long', () => {
    const words = pdfWords(pdf)[0]!;
    const height = (text: string): number => {
      const w = words.find((x) => x.text.includes(text));
      return w!.yMax - w!.yMin;
    };
    // Both are last names (bold, same nominal size); the long one was set smaller.
    expect(height('Vanderstraeten')).toBeLessThan(height('Carabin') * 0.95);
  });

  it('contains nothing executable', () => {
    const source = pdfSource(pdf);
    expect(source).not.toContain('/JavaScript');
    expect(source).not.toContain('/OpenAction');
    expect(pdfText(pdf)).toContain(') /S /JavaScript');
  });
});
