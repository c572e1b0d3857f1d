import { beforeAll, describe, expect, it } from '@jest/globals';
import { boxesOnPage, inkInBand } from '../../test/label-check.js';
import { pdfPageSizes, pdfText, pdfWords, renderPage, type Word } from '../../test/pdf-tools.js';
import { loadExportAssets } from '../node/index.js';
import { buildCalibrationPdf, STICKER_SHEET, type ExportAssets } from './index.js';
import { A4 } from './pdf/canvas.js';

let assets: ExportAssets;
beforeAll(async () => {
  assets = await loadExportAssets();
});

const centre = (w: Word) => ({ x: (w.xMin + w.xMax) / 2, y: (w.yMin + w.yMax) / 2 });

describe('buildCalibrationPdf', () => {
  it('is one A4 page with nothing in the outer 5 mm', () => {
    const pdf = buildCalibrationPdf({ locale: 'nl', assets });
    expect(pdfPageSizes(pdf)).toHaveLength(1);
    const img = renderPage(pdf, 1, 150);
    expect(inkInBand(img, { x: 0, y: 0, w: A4.width, h: A4.height }, 0, 4.9)).toBe(0);
  });

  it.each([
    [{ x: 0, y: 0 }, 'horizontaal 0 mm, verticaal 0 mm'],
    [{ x: -1.5, y: 2 }, 'horizontaal −1,5 mm, verticaal 2 mm'],
  ])(
    'puts the zero of the fold scales at the middle of the paper, moved by the offset %o',
    (offset, printedWith) => {
      const pdf = buildCalibrationPdf({ locale: 'nl', assets, offset });
      const words = pdfWords(pdf)[0]!;
      // (the steps above say "= 0 + de eerste aflezing" too)
      const zeros = words
        .filter((w) => w.text === '0')
        .map(centre)
        .filter((c) => c.y > 100);
      expect(zeros).toHaveLength(2);
      const horizontal = zeros.find((z) => Math.abs(z.x - (A4.width / 2 + offset.x)) < 0.2);
      const vertical = zeros.find((z) => Math.abs(z.y - (A4.height / 2 + offset.y)) < 0.2);
      expect(horizontal).toBeDefined();
      expect(vertical).toBeDefined();
      // The rulers: the label 20 under the mark 20 mm from the left edge, beside the one 20 mm
      // from the top edge.
      const twenties = words.filter((w) => w.text === '20').map(centre);
      expect(twenties.some((c) => Math.abs(c.x - (20 + offset.x)) < 0.2)).toBe(true);
      expect(twenties.some((c) => Math.abs(c.y - (20 + offset.y)) < 0.2)).toBe(true);
      expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain(printedWith);
    },
  );

  it('numbers the 12 sticker outlines as "Begin op sticker" counts them', () => {
    const words = pdfWords(buildCalibrationPdf({ locale: 'nl', assets }))[0]!;
    boxesOnPage(STICKER_SHEET, 12).forEach((box, i) => {
      const n = words.find((w) => {
        const c = centre(w);
        return (
          w.text === String(i + 1) &&
          c.x > box.x + box.w / 2 &&
          c.x < box.x + box.w &&
          c.y > box.y + box.h / 2 &&
          c.y < box.y + box.h
        );
      });
      expect(n).toBeDefined();
    });
  });

  it('speaks French and English', () => {
    expect(pdfText(buildCalibrationPdf({ locale: 'fr', assets }))).toContain("Page d'étalonnage");
    expect(pdfText(buildCalibrationPdf({ locale: 'en', assets }))).toContain('Calibration sheet');
  });

  it('refuses an offset beyond 5 mm', () => {
    expect(() => buildCalibrationPdf({ locale: 'nl', assets, offset: { x: 6, y: 0 } })).toThrow(
      RangeError,
    );
  });
});
