import type { Locale } from '../usernames/locale.js';
import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { account, FIXTURE } from '../../test/export-fixtures.js';
import { pdfText } from '../../test/pdf-tools.js';
import {
  buildCardsPdf,
  buildParentLettersPdf,
  buildStickersPdf,
  type ExportAccount,
  type ExportAssets,
} from '../export/index.js';
import { deflatePdfStream, loadExportAssets } from './index.js';
import { exportCharset, withExportFontsFor } from './font-subset.js';

let full: ExportAssets;
beforeAll(async () => {
  full = await loadExportAssets();
});

const options = (assets: ExportAssets, locale: Locale = 'nl') => ({
  locale,
  productName: 'Schoolloket',
  schoolName: 'Basisschool De Regenboog',
  now: new Date('2026-11-23T10:00:00Z'),
  assets,
  deflate: deflatePdfStream,
});

/** Names in the scripts DejaVu Sans draws, next to the fixture's Latin ones. */
const WORLD: ExportAccount[] = [
  ...FIXTURE,
  account('Ελένη', 'Παπαδοπούλου', '3B', 'eleni.papadopoulou', 'word', 'zal659'),
  account('Анна', 'Шевченко', '3B', 'anna.sevcenko', 'temporary', 'pgu9J7Zn'),
  account('Արամ', 'Պետրոսյան', '3B', 'aram.petrosyan', 'word', 'bos123'),
  account('ნინო', 'ბერიძე', '3B', 'nino.beridze', 'word', 'vis456'),
  account('דוד', 'כהן', '3B', 'david.cohen', 'word', 'kat789'),
];

describe('exportCharset', () => {
  const drawable = (ch: string) => {
    const c = ch.codePointAt(0)!;
    return c >= 0x20 && (c < 0xd800 || c > 0xdfff);
  };

  it('keeps every drawable character of the text and of its NFC form, once, and nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const charset = exportCharset(text);
        const kept = new Set(charset);
        expect(kept.size).toBe([...charset].length);
        const lost = [...text, ...text.normalize('NFC')].filter(
          (ch) => drawable(ch) && !kept.has(ch),
        );
        expect(lost).toEqual([]);
        expect([...kept].filter((ch) => !drawable(ch))).toEqual([]);
      }),
    );
  });

  it("always keeps Latin, punctuation and core's own texts", () => {
    const kept = new Set(exportCharset(''));
    for (const ch of 'aZ09 «»×ęŐŞţ–…’\u00a0\u202f−✂€') expect(kept.has(ch)).toBe(true);
  });
});

describe('withExportFontsFor', () => {
  it('draws the same text as the whole fonts, with much smaller fonts', async () => {
    const cut = await withExportFontsFor(full, JSON.stringify(WORLD));
    for (const key of ['regular', 'bold', 'mono'] as const)
      expect(cut.fonts[key].byteLength).toBeLessThan(full.fonts[key].byteLength / 3);
    for (const locale of ['nl', 'fr', 'en'] as const) {
      const whole = buildCardsPdf(WORLD, options(full, locale));
      const small = buildCardsPdf(WORLD, options(cut, locale));
      expect(pdfText(small)).toBe(pdfText(whole));
      expect(small.byteLength).toBeLessThan(whole.byteLength);
      expect(pdfText(buildStickersPdf(WORLD, options(cut, locale)))).toBe(
        pdfText(buildStickersPdf(WORLD, options(full, locale))),
      );
      const letters = (assets: ExportAssets) =>
        pdfText(
          buildParentLettersPdf(WORLD, {
            ...options(assets, locale),
            portalUrl: 'https://schoolloket.example.be/co-account/activeren',
            helpdesk: 'helpdesk@regenboog.be',
          }),
        );
      expect(letters(cut)).toBe(letters(full));
    }
    expect(pdfText(buildCardsPdf(WORLD, options(cut)))).toContain('Παπαδοπούλου');
  });

  it('cuts once for the same characters', async () => {
    const a = await withExportFontsFor(full, 'Zoë Aerts');
    const b = await withExportFontsFor(full, 'Aerts Zoë');
    expect(b.fonts).toBe(a.fonts);
    expect(b.picturePng).toBe(full.picturePng);
  });

  it('keeps the NFC form the builders print (U+1FEE is printed as U+0385)', async () => {
    const accounts = [account('\u1fee', 'Peeters', '1A', 'jan.peeters', 'word', 'zal659')];
    const cut = await withExportFontsFor(full, JSON.stringify(accounts));
    expect(pdfText(buildCardsPdf(accounts, options(cut)))).toContain('\u0385');
  });

  it('keeps every character of any name that the whole font can draw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
        async (name) => {
          const accounts = [account(name, 'Peeters', '1A', 'jan.peeters', 'word', 'zal659')];
          const cut = await withExportFontsFor(full, JSON.stringify(accounts));
          expect(pdfText(buildCardsPdf(accounts, options(cut)))).toBe(
            pdfText(buildCardsPdf(accounts, options(full))),
          );
        },
      ),
      { numRuns: 12 },
    );
  });
});
