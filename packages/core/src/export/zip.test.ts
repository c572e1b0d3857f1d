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
    expect(pdfPageSizes(cards)).toHaveLength(2);
    expect(pdfPageSizes(stickers)).toHaveLength(1);
    for (const pdf of [cards, stickers]) {
      expect(pdfText(pdf)).toContain('Şükrü');
      expect(pdfSource(pdf)).not.toMatch(/\/JavaScript|\/OpenAction/);
    }
  });

  it('builds 1,000 mixed accounts in a few seconds', async () => {
    const accounts = manyAccounts(1000);
    const start = performance.now();
    const zip = await buildAccountsZip(accounts, opts);
    const seconds = (performance.now() - start) / 1000;
    // The budget is 3 s, measured by scripts/export-bench.ts; under jest's module wrapper and
    // on a busy machine the same work takes longer, so this only guards against regressions.
    expect(seconds).toBeLessThan(10);
    const files = await entries(zip);
    expect(pdfPageSizes(files['cards-a4.pdf']!)).toHaveLength(100);
    expect(pdfPageSizes(files['stickers-105x48.pdf']!)).toHaveLength(84);
  }, 30_000);
});
