// What the school's printer and sticker sheets need (issue 18): a blank 5 mm along the paper
// edges, the printer offset, the first free sticker and one class per page — all read back
// from the generated PDFs (pdftotext -bbox, rendered pages).
import { describe, expect, it } from '@jest/globals';
import { FIXTURE, manyAccounts, schoolOptions } from '../../test/export-fixtures.js';
import { boxesOnPage, inkInBand, qrMismatches, qrOf } from '../../test/label-check.js';
import { pdfPageSizes, pdfWords, renderPage, type Word } from '../../test/pdf-tools.js';
import {
  buildCardsPdf,
  buildStickersPdf,
  CARD_SHEET,
  STICKER_SHEET,
  type ExportAccount,
} from './index.js';
import { A4 } from './pdf/canvas.js';
import { groupRuns, sortAccounts } from './text.js';

const opts = await schoolOptions();

const builders = [
  ['cards', buildCardsPdf, CARD_SHEET],
  ['stickers', buildStickersPdf, STICKER_SHEET],
] as const;

/** Accounts of one group, `n` of them, so that pages are full. */
const oneGroup = (n: number): ExportAccount[] =>
  [...FIXTURE, ...manyAccounts(n)].slice(0, n).map((a) => ({ ...a, group: '3B' }));

const usernameWord = (words: Word[], username: string): Word | undefined =>
  words.find((w) => w.text === username);

describe.each(builders)('%s: the paper edges', (_, build, sheet) => {
  it('keeps every word at least 5 mm from the edges of the paper (pdftotext -bbox)', () => {
    const pages = pdfWords(build(oneGroup(sheet.columns * sheet.rows), opts));
    const words = pages[0]!;
    expect(words.length).toBeGreaterThan(100);
    const xs = words.flatMap((w) => [w.xMin, w.xMax]);
    const ys = words.flatMap((w) => [w.yMin, w.yMax]);
    // pdftotext rounds to 0.01 pt (0.004 mm).
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(4.99);
    expect(A4.width - Math.max(...xs)).toBeGreaterThanOrEqual(4.99);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(4.99);
    expect(A4.height - Math.max(...ys)).toBeGreaterThanOrEqual(4.99);
    // The left column's text starts at 5 mm, not further in than it must.
    expect(Math.min(...xs)).toBeLessThan(5.3);
  });

  it('draws nothing at all (QR codes, pictures, cut lines) in the outer 5 mm of the page', () => {
    const pdf = build(oneGroup(sheet.columns * sheet.rows), opts);
    const img = renderPage(pdf, 1, 150);
    // 4.9: a stroke that starts at 5.0 mm may colour the pixel it begins in.
    expect(inkInBand(img, { x: 0, y: 0, w: A4.width, h: A4.height }, 0, 4.9)).toBe(0);
    // ...while the labels touching the edges are full (a QR code within 1 mm of the band).
    expect(inkInBand(img, { x: 0, y: 0, w: A4.width, h: A4.height }, 5, 6)).toBeGreaterThan(0);
  });

  it('keeps each label inside its own box', () => {
    const boxes = boxesOnPage(sheet, sheet.columns * sheet.rows);
    const words = pdfWords(build(oneGroup(sheet.columns * sheet.rows), opts))[0]!;
    for (const w of words) {
      const cx = (w.xMin + w.xMax) / 2;
      const cy = (w.yMin + w.yMax) / 2;
      const box = boxes.find((b) => cx >= b.x && cx < b.x + b.w && cy >= b.y && cy < b.y + b.h)!;
      expect(w.xMin).toBeGreaterThanOrEqual(box.x + 3.9);
      expect(w.xMax).toBeLessThanOrEqual(box.x + box.w - 3.9);
    }
  });
});

describe.each(builders)('%s: the printer offset', (kind, build, sheet) => {
  const offset = { x: 2.5, y: -1.5 };

  it('moves every word by the offset', () => {
    const accounts = oneGroup(sheet.columns * sheet.rows + 3);
    const plain = pdfWords(build(accounts, opts));
    const moved = pdfWords(build(accounts, { ...opts, print: { offset } }));
    expect(moved).toHaveLength(plain.length);
    plain.forEach((page, p) => {
      expect(moved[p]).toHaveLength(page.length);
      page.forEach((w, i) => {
        const m = moved[p]![i]!;
        expect(m.text).toBe(w.text);
        expect(m.xMin - w.xMin).toBeCloseTo(offset.x, 1);
        expect(m.yMin - w.yMin).toBeCloseTo(offset.y, 1);
      });
    });
  });

  it('moves the QR codes with it', () => {
    const accounts = sortAccounts(oneGroup(4), 'nl');
    const img = renderPage(build(accounts, { ...opts, print: { offset } }), 1, 300);
    accounts.forEach((a, i) => {
      const qr = qrOf(opts.assets, a, i, kind, offset);
      expect(qrMismatches(img, qr, a.url)).toBe(0);
    });
  });

  it('refuses an offset beyond 5 mm', () => {
    for (const bad of [
      { x: 5.1, y: 0 },
      { x: 0, y: -6 },
      { x: Number.NaN, y: 0 },
    ])
      expect(() => build(FIXTURE, { ...opts, print: { offset: bad } })).toThrow(RangeError);
    expect(() => build(FIXTURE, { ...opts, print: { offset: { x: -5, y: 5 } } })).not.toThrow();
  });
});

describe('stickers: the first free position', () => {
  it('starts on sticker 5 and leaves the four used ones blank', () => {
    const accounts = sortAccounts(oneGroup(12), 'nl');
    const pdf = buildStickersPdf(accounts, { ...opts, print: { firstSticker: 5 } });
    expect(pdfPageSizes(pdf)).toHaveLength(2);
    const [page1, page2] = pdfWords(pdf);
    const boxes = boxesOnPage(STICKER_SHEET, 12);
    const slotOf = (w: Word): number =>
      boxes.findIndex(
        (b) => w.xMin >= b.x && w.xMax <= b.x + b.w && w.yMin >= b.y && w.yMax <= b.y + b.h,
      );
    accounts.forEach((a, i) => {
      const onFirst = i < 8;
      const w = usernameWord(onFirst ? page1! : page2!, a.username);
      expect(w).toBeDefined();
      expect(slotOf(w!)).toBe(onFirst ? i + 4 : i - 8);
    });
    const img = renderPage(pdf, 1, 150);
    for (const box of boxes.slice(0, 4)) expect(inkInBand(img, box, 0, 99)).toBe(0);
  });

  it('accepts positions 1 to 12 only', () => {
    for (const bad of [0, 13, 1.5, -1])
      expect(() => buildStickersPdf(FIXTURE, { ...opts, print: { firstSticker: bad } })).toThrow(
        RangeError,
      );
    expect(
      pdfPageSizes(buildStickersPdf(FIXTURE.slice(0, 1), { ...opts, print: { firstSticker: 12 } })),
    ).toHaveLength(1);
  });

  it('does not change the cards, which are cut from plain paper', () => {
    const accounts = oneGroup(3);
    const plain = pdfWords(buildCardsPdf(accounts, opts));
    const asked = pdfWords(buildCardsPdf(accounts, { ...opts, print: { firstSticker: 5 } }));
    expect(asked).toEqual(plain);
  });
});

describe.each(builders)('%s: one class per page', (_, build, sheet) => {
  it('starts every group on a new page, the first one on the first free position', () => {
    const accounts = manyAccounts(40);
    const runs = groupRuns(sortAccounts(accounts, 'nl'), 'nl');
    expect(runs.length).toBeGreaterThan(3);
    const perPage = sheet.columns * sheet.rows;
    const first = sheet === STICKER_SHEET ? 9 : 1;
    const pdf = build(accounts, { ...opts, print: { firstSticker: first } });
    const pages = pdfWords(pdf).map((words) => new Set(words.map((w) => w.text)));
    // Pages each group needs: the first group starts at `first`.
    const expected = runs.reduce(
      (n, run, r) => n + Math.ceil((run.accounts.length + (r === 0 ? first - 1 : 0)) / perPage),
      0,
    );
    expect(pages).toHaveLength(expected);
    for (const page of pages) {
      const groups = new Set(accounts.filter((a) => page.has(a.username)).map((a) => a.group));
      expect(groups.size).toBe(1);
    }
  });

  it('runs groups on when asked to', () => {
    const accounts = manyAccounts(40);
    const pdf = build(accounts, { ...opts, print: { groupPages: false } });
    expect(pdfPageSizes(pdf)).toHaveLength(Math.ceil(40 / (sheet.columns * sheet.rows)));
  });
});
