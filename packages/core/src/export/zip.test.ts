import { beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { FIXTURE, manyAccounts, SCHOOL } from '../../test/export-fixtures.js';
import { pdfPageSizes, pdfSource, pdfText, pdfWords } from '../../test/pdf-tools.js';
import { loadExportAssets } from '../node/index.js';
import {
  buildAccountsZip,
  buildCardsPdf,
  groupFileNames,
  writeCardsPdf,
  ZIP_ENTRIES,
  type ExportAccount,
  type ExportOptions,
} from './index.js';
import { cleanText } from './text.js';

let opts: ExportOptions;
beforeAll(async () => {
  opts = { ...SCHOOL, assets: await loadExportAssets() };
});

async function entries(zip: Uint8Array): Promise<Record<string, Uint8Array>> {
  const z = await JSZip.loadAsync(zip);
  const out: Record<string, Uint8Array> = {};
  for (const [name, file] of Object.entries(z.files))
    if (!file.dir) out[name] = await file.async('uint8array');
  return out;
}

describe('buildAccountsZip', () => {
  it('bundles accounts.xlsx, cards-a4.pdf and stickers-105x48.pdf, and both PDFs per group', async () => {
    const files = await entries(await buildAccountsZip(FIXTURE, opts));
    const groups = [
      '10de-leerjaar',
      '1A',
      '2e-lj-3e-gr-Elektri.installatietechn.TSO',
      '4de-leerjaar',
      '6de-leerjaar',
    ];
    expect(Object.keys(files).sort()).toEqual(
      [
        'accounts.xlsx',
        'cards-a4.pdf',
        'stickers-105x48.pdf',
        ...groups.flatMap((g) => [`groups/${g}-cards-a4.pdf`, `groups/${g}-stickers-105x48.pdf`]),
      ].sort(),
    );
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

  it('gives each group its own complete cards and stickers, only its own accounts', async () => {
    const accounts = manyAccounts(60);
    const files = await entries(
      await buildAccountsZip(accounts, { ...opts, print: { firstSticker: 7 } }),
    );
    const byGroup = new Map<string, ExportAccount[]>();
    for (const a of accounts) byGroup.set(a.group, [...(byGroup.get(a.group) ?? []), a]);
    expect(byGroup.size).toBe(6);
    for (const [group, members] of byGroup) {
      const [name] = groupFileNames([group], 'nl');
      for (const kind of ['cards-a4.pdf', 'stickers-105x48.pdf']) {
        const pdf = files[`groups/${name}-${kind}`];
        expect(pdf).toBeDefined();
        const words = pdfWords(pdf!)
          .flat()
          .map((w) => w.text);
        const usernames = accounts.map((a) => a.username).filter((u) => words.includes(u));
        expect(usernames.sort()).toEqual(members.map((a) => a.username).sort());
        // 10 of a class: one page of cards, one sheet of stickers from the first label on.
        expect(pdfPageSizes(pdf!)).toHaveLength(1);
      }
    }
    // The file of all groups starts on the seventh sticker: the first class needs 6 + 4
    // labels on two sheets, the other five one sheet each.
    expect(pdfPageSizes(files['stickers-105x48.pdf']!)).toHaveLength(2 + 5);
  }, 120_000);

  it('writes a PDF page by page: each finished page reaches the sink before the next is drawn', () => {
    const accounts = manyAccounts(60).map((a) => ({ ...a, group: '1A' }));
    const chunks: Uint8Array[] = [];
    writeCardsPdf(accounts, { ...opts, now: new Date('2026-01-01') }, (c) => chunks.push(c));
    const pdf = Buffer.concat(chunks);
    // 6 pages: a page object and a content stream each, written before the fonts at the end.
    const pages = [...pdf.toString('latin1').matchAll(/\d+ 0 obj\n<<\/Type \/Page\n/g)];
    expect(pages).toHaveLength(6);
    expect(pdfPageSizes(pdf)).toHaveLength(6);
    expect(chunks.length).toBeGreaterThan(6 * 3);
    expect(pdf.indexOf('/FontFile2')).toBeGreaterThan(pages[5]!.index);
    // The same pages as the document built in memory (the file id differs, it is random).
    expect(pdfText(pdf)).toBe(pdfText(buildCardsPdf(accounts, opts)));
  }, 60_000);

  it('names group files safely and distinctly', () => {
    const names = groupFileNames(
      [
        '../../etc/passwd',
        'CON',
        'a/b\\c:d*?"<>|',
        '',
        '\u0000\u202e',
        'Klas 1/A',
        'Klas 1:A',
        'klas-1-a',
        'Ölçer ß',
        '.hidden',
        'x'.repeat(200),
      ],
      'nl',
    );
    expect(names).toEqual([
      'etc-passwd',
      '_CON',
      'a-b-c-d',
      'zonder-groep',
      'zonder-groep-2',
      'Klas-1-A',
      'Klas-1-A-2',
      'klas-1-a-3',
      'Olcer',
      'hidden',
      'x'.repeat(60),
    ]);
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,60}$/);
    expect(cleanText('x')).toBe('x');
  });

  // Time is measured by scripts/export-bench.ts and `pnpm bench exports`, not here.
  it('builds 1,000 mixed accounts, each of the six groups from a new page', async () => {
    const files = await entries(await buildAccountsZip(manyAccounts(1000), opts));
    // 167, 167, 167, 167, 166, 166 accounts: 17 pages of 10 cards, 14 of 12 stickers each.
    expect(pdfPageSizes(files['cards-a4.pdf']!)).toHaveLength(6 * 17);
    expect(pdfPageSizes(files['stickers-105x48.pdf']!)).toHaveLength(6 * 14);
  }, 180_000);
});
