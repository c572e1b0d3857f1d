// Writes sample export files (xlsx, cards, stickers, ZIP, parent letters) for short, long and
// non-Dutch names with every password kind, to look at in a PDF viewer or with
// `pdftoppm -r 60 -png`. From packages/core:
//   npx tsx --conditions=schoolloket-source scripts/export-sample.ts [out-dir]
// (default out-dir: <tmp>/schoolloket-export-sample)
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildAccountsXlsx,
  buildAccountsZip,
  buildCalibrationPdf,
  buildCardsPdf,
  buildParentLettersPdf,
  buildStickersPdf,
} from '../src/export/index.js';
import { loadExportAssets } from '../src/node/index.js';
import { BASE_URL, FIXTURE } from '../test/export-fixtures.js';

// The same names and passwords the export tests use.
const SAMPLE_ACCOUNTS = FIXTURE;
const BASE = BASE_URL;

async function main(): Promise<void> {
  const out = process.argv[2] ?? join(tmpdir(), 'schoolloket-export-sample');
  await mkdir(out, { recursive: true });
  const assets = await loadExportAssets();
  const opts = {
    locale: 'nl' as const,
    productName: 'Schoolloket',
    schoolName: 'Basisschool De Regenboog',
    assets,
  };
  const { assets: _a, ...xlsxOpts } = opts;
  await writeFile(join(out, 'accounts.xlsx'), buildAccountsXlsx(SAMPLE_ACCOUNTS, xlsxOpts));
  // The samples in docs/ show every name shape on one page: groups run on.
  const runOn = { ...opts, print: { groupPages: false } };
  await writeFile(join(out, 'cards-a4.pdf'), buildCardsPdf(SAMPLE_ACCOUNTS, runOn));
  await writeFile(join(out, 'stickers-105x48.pdf'), buildStickersPdf(SAMPLE_ACCOUNTS, runOn));
  // A sheet of which four stickers were used, on a printer that prints 1.5 mm too far right.
  await writeFile(
    join(out, 'stickers-from-5-offset.pdf'),
    buildStickersPdf(SAMPLE_ACCOUNTS, {
      ...opts,
      print: { firstSticker: 5, offset: { x: -1.5, y: 0 }, groupPages: false },
    }),
  );
  await writeFile(join(out, 'calibration.pdf'), buildCalibrationPdf({ locale: 'nl', assets }));
  await writeFile(join(out, 'accounts.zip'), await buildAccountsZip(SAMPLE_ACCOUNTS, opts));
  await writeFile(
    join(out, 'cards-a4-fr.pdf'),
    buildCardsPdf(SAMPLE_ACCOUNTS, { ...opts, locale: 'fr' }),
  );
  const letters = SAMPLE_ACCOUNTS.slice(0, 4).map((a, i) => ({
    firstName: a.firstName,
    lastName: a.lastName,
    group: a.group,
    username: a.username,
    locale: (['nl', 'fr', 'en', undefined] as const)[i],
  }));
  await writeFile(
    join(out, 'parent-letters.pdf'),
    buildParentLettersPdf(letters, {
      locale: 'nl',
      schoolName: opts.schoolName,
      productName: opts.productName,
      portalUrl: `${BASE}/co-account/activeren`,
      helpdesk: 'helpdesk@regenboog.be of 09 222 14 52',
      assets,
    }),
  );
  console.log(`sample files written to ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
