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
  buildCardsPdf,
  buildParentLettersPdf,
  buildStickersPdf,
  type ExportAccount,
} from '../src/export/index.js';
import { loadExportAssets } from '../src/node/index.js';

const BASE = 'https://schoolloket.example.be';

function account(
  firstName: string,
  lastName: string,
  group: string,
  username: string,
  kind: ExportAccount['passwordKind'],
  secret: string | string[],
): ExportAccount {
  return {
    studentId: username,
    stamnummer: String(10000 + username.length * 37),
    firstName,
    lastName,
    group,
    username,
    type: kind === 'temporary' ? 'advanced' : 'basic',
    passwordKind: kind,
    ...(Array.isArray(secret) ? { pictures: secret } : { password: secret }),
    url: `${BASE}/u/${username}`,
  };
}

const SAMPLE_ACCOUNTS: ExportAccount[] = [
  account('Zoë', 'Aerts', '1A', 'zoe.aerts', 'picture', ['dog', 'banana', 'car', 'sun', 'fish']),
  account(
    'Maximiliaan-Alexander',
    'Van den Broeck-Vanderstraeten',
    '2e lj 3e gr Elektri.installatietechn.TSO',
    'maximiliaanalexander.vandenbroeckvanderstraeten',
    'temporary',
    'pgu9J7Zn',
  ),
  account('Şükrü', 'Yılmaz', '4de leerjaar', 'sukru.yilmaz', 'word', 'zal659'),
  account('Łukasz', 'Wójcik', '1A', 'lukasz.wojcik', 'picture', [
    'elephant',
    'apple',
    'boat',
    'frog',
    'house',
    'grapes',
    'penguin',
    'helicopter',
  ]),
  account('Ștefan', 'Țăran', '6de leerjaar', 'stefan.taran', 'temporary', 'd6qfRbh7'),
  account('Nguyễn Thị', 'Ánh', '1A', 'nguyenthi.anh', 'picture', [
    'cat',
    'carrot',
    'ball',
    'airplane',
  ]),
  account('Süheda', 'Carabin', '4de leerjaar', 'suheda.carabin', 'word', '29ban9'),
  account('Abdulghani', 'Bogdan', '6de leerjaar', 'abdulghani.bogdan', 'picture', [
    'dog',
    'robot',
    'banana',
    'door',
    'tractor',
    'watermelon',
    'backpack',
  ]),
  account('=HYPERLINK("x")', ') /S /JavaScript', '1A', 'hyperlink.sjavascript', 'word', 'kat123'),
  account(
    'Jean-Pierre',
    "D'Hondt",
    '2e lj 3e gr Elektri.installatietechn.TSO',
    'jeanpierre.dhondt',
    'temporary',
    'Wa2B9iLx',
  ),
  account('Søren', 'Ærø', '4de leerjaar', 'soren.aero', 'picture', [
    'owl',
    'pear',
    'bus',
    'key',
    'star',
    'tree',
  ]),
  account('Aurelian', 'Appels', '6de leerjaar', 'aurelian.appels', 'word', '7zon42'),
];

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
  await writeFile(join(out, 'cards-a4.pdf'), buildCardsPdf(SAMPLE_ACCOUNTS, opts));
  await writeFile(join(out, 'stickers-105x48.pdf'), buildStickersPdf(SAMPLE_ACCOUNTS, opts));
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
