import { beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { FIXTURE, manyAccounts } from '../../test/export-fixtures.js';
import { pdfPageSizes, pdfSource, pdfText } from '../../test/pdf-tools.js';
import { loadExportAssets } from '../node/index.js';
import { buildAccountsZip, ZIP_ENTRIES, type ExportOptions } from './index.js';

let opts: ExportOptions;
beforeAll(async () => {
  opts = {
    locale: 'nl',
    productName: 'Schoolloket',
    schoolName: 'De Regenboog',
    assets: await loadExportAssets(),
  };
});

async function entries(zip: Uint8Array): Promise<Record<string, Uint8Array>> {
  const z = await JSZip.loadAsync(zip);
  const out: Record<string, Uint8Array> = {};
  for (const name of Object.keys(z.files)) out[name] = await z.file(name)!.async('uint8array');
  return out;
}

describe('buildAccountsZip', () => {
  it('bundles accounts.xlsx, cards-a4.pdf and stickers-105x48.pdf', async () => {
    const files = await entries(await buildAccountsZip(FIXTURE, opts));
    expect(Object.keys(files).sort()).toEqual([
      'accounts.xlsx',
      'cards-a4.pdf',
      'stickers-105x48.pdf',
    ]);
    expect(ZIP_ENTRIES).toEqual({
      xlsx: 'accounts.xlsx',
      cards: 'cards-a4.pdf',
      stickers: 'stickers-105x48.pdf',
    });

    const wb = XLSX.read(files['accounts.xlsx'], { type: 'array' });
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 });
    expect(rows).toHaveLength(FIXTURE.length + 1);

    const cards = files['cards-a4.pdf']!;
    const stickers = files['stickers-105x48.pdf']!;
    // One page per group: 1A, 2e lj…, 4de, 6de and 10de leerjaar.
    expect(pdfPageSizes(cards)).toHaveLength(5);
    expect(pdfPageSizes(stickers)).toHaveLength(5);
    for (const pdf of [cards, stickers]) {
      expect(pdfText(pdf)).toContain('Şükrü');
      expect(pdfSource(pdf)).not.toMatch(/\/JavaScript|\/OpenAction/);
    }
  }, 60_000);

  // Time is measured by scripts/export-bench.ts and `pnpm bench exports`, not here.
  it('builds 1,000 mixed accounts, each of the six groups from a new page', async () => {
    const files = await entries(await buildAccountsZip(manyAccounts(1000), opts));
    // 167, 167, 167, 167, 166, 166 accounts: 17 pages of 10 cards, 14 of 12 stickers each.
    expect(pdfPageSizes(files['cards-a4.pdf']!)).toHaveLength(6 * 17);
    expect(pdfPageSizes(files['stickers-105x48.pdf']!)).toHaveLength(6 * 14);
  }, 180_000);
});
