import { beforeAll, describe, expect, it } from '@jest/globals';
import { FIXTURE } from '../../test/export-fixtures.js';
import { pdfWords } from '../../test/pdf-tools.js';
import { loadExportAssets } from '../node/index.js';
import { buildStickersPdf, previewFirstPage, type ExportAssets } from './index.js';

let assets: ExportAssets;
beforeAll(async () => {
  assets = await loadExportAssets();
});

describe('previewFirstPage', () => {
  it('shows page 1 of the stickers as the PDF prints it: first position and offset applied', () => {
    const accounts = FIXTURE.map((a) => ({ ...a, group: '3B' }));
    const print = { firstSticker: 5, offset: { x: -1.5, y: 1 } };
    const opts = { locale: 'nl' as const, productName: 'Schoolloket', assets, print };
    const page = previewFirstPage(accounts, 'stickers', opts);
    expect(page.used).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(page.labels[4]).toEqual({ x: 0, y: 4.5 + 2 * 48, w: 105, h: 48 });
    const words = pdfWords(buildStickersPdf(accounts, { ...opts, schoolName: 'X' }))[0]!;
    const labels = words.filter((w) => w.text === 'Gebruikersnaam:');
    const previewed = page.items.filter((i) => i.kind === 'text' && i.text === 'Gebruikersnaam: ');
    expect(previewed).toHaveLength(8);
    expect(labels).toHaveLength(8);
    for (const item of previewed) {
      if (item.kind !== 'text') continue;
      expect(labels.some((w) => Math.abs(w.xMin - item.x) < 0.1)).toBe(true);
    }
    expect(page.items.filter((i) => i.kind === 'qr')).toHaveLength(8);
    expect(page.cutLines).toEqual([]);
  });

  it('gives the cards their cut lines, moved by the offset', () => {
    const page = previewFirstPage(FIXTURE.slice(0, 2), 'cards', {
      locale: 'nl',
      productName: 'Schoolloket',
      assets,
      print: { offset: { x: 2, y: 0 }, firstSticker: 5 },
    });
    expect(page.used).toEqual(FIXTURE[0]!.group === FIXTURE[1]!.group ? [0, 1] : [0]);
    expect(page.cutLines[0]).toEqual([7, 6, 207, 6]);
  });
});
