import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FIXTURE } from '../../test/export-fixtures.js';
import { pdfText, pdfWords } from '../../test/pdf-tools.js';
import { loadExportAssets } from '../node/index.js';
import {
  buildStickersPdf,
  previewFirstPage,
  unprintableNames,
  type ExportAssets,
} from './index.js';
import { mirrorOf } from './pdf/bidi.js';
import { cleanText } from './text.js';

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

describe('unprintableNames', () => {
  const student = (firstName: string, lastName: string, group = '3B') => ({
    firstName,
    lastName,
    group,
  });

  it('names the students whose name or group the fonts cannot print, with those characters', () => {
    const found = unprintableNames(
      [
        student('Zoë', 'Łukasiewicz-Ørsted'),
        student('Αλέξανδρος', 'Иванов'),
        student('Noa', 'כהן'),
        student('明', 'Wang'),
        student('Somchai', 'สมชาย'),
        student('Lina', 'Peeters 🙂'),
        student('Emma', 'Claes', '3B 数学'),
        student('Ada\u0000', 'Janssens\u202e'),
      ],
      assets,
    );
    expect(found).toEqual([
      { firstName: '明', lastName: 'Wang', group: '3B', characters: '明' },
      { firstName: 'Somchai', lastName: 'สมชาย', group: '3B', characters: 'สมชาย' },
      { firstName: 'Lina', lastName: 'Peeters 🙂', group: '3B', characters: '🙂' },
      { firstName: 'Emma', lastName: 'Claes', group: '3B 数学', characters: '数学' },
    ]);
  });

  it('says exactly which characters the stickers leave out (any text)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), (name) => {
        const account = { ...FIXTURE[0]!, firstName: 'Aa', lastName: `${name} Zz`, group: '3B' };
        const [found] = unprintableNames([account], assets);
        const printed = pdfText(
          buildStickersPdf([account], {
            locale: 'nl',
            productName: 'Schoolloket',
            schoolName: 'X',
            assets,
          }),
        );
        const missing = new Set(found?.characters ?? '');
        // Arabic letters print in their joined forms (U+FB50–U+FEFF), which NFKC maps back; only
        // for them (NFKC would also map a missing 𝐀 or Ⓐ to a printed A).
        const printedNfkc = printed.normalize('NFKC');
        for (const ch of cleanText(name)) {
          if (/\s/.test(ch)) continue;
          // A bracket or sign in a right-to-left run prints mirrored (`>` as `<`).
          const mirror = mirrorOf(ch);
          const shown =
            printed.includes(ch) ||
            (mirror !== null && printed.includes(mirror)) ||
            (/^[\u0600-\u06ff]+$/.test(ch) && printedNfkc.includes(ch));
          expect({ ch, shown }).toEqual({ ch, shown: !missing.has(ch) });
        }
      }),
      { numRuns: 12 },
    );
  });
});
