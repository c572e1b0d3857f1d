import type { ExportAccount, ExportOptions } from '../src/export/index.js';
import { loadExportAssets } from '../src/node/index.js';
import { DEFAULT_GRID } from '../src/pictures/catalogue.js';

export const BASE_URL = 'https://schoolloket.example.be';

/** The school the tests export for, in Dutch: the export options but the assets. */
export const SCHOOL = {
  locale: 'nl' as const,
  productName: 'Schoolloket',
  schoolName: 'De Regenboog',
};

/** SCHOOL's export options with the real assets and `more` on top (for a file's `beforeAll`). */
export async function schoolOptions(more: Partial<ExportOptions> = {}): Promise<ExportOptions> {
  return { ...SCHOOL, assets: await loadExportAssets(), ...more };
}

export function account(
  firstName: string,
  lastName: string,
  group: string,
  username: string,
  kind: ExportAccount['passwordKind'],
  secret: string | string[],
  stamnummer = String(1000 + username.length),
): ExportAccount {
  return {
    studentId: `id-${username}`,
    stamnummer,
    firstName,
    lastName,
    group,
    username,
    type: kind === 'temporary' ? 'advanced' : 'basic',
    passwordKind: kind,
    ...(Array.isArray(secret) ? { pictures: secret } : { password: secret }),
    url: `${BASE_URL}/u/${username}`,
  };
}

/** Short, long and non-Dutch names with every password kind (and a hostile one). */
export const FIXTURE: ExportAccount[] = [
  account(
    'Zoë',
    'Aerts',
    '1A',
    'zoe.aerts',
    'picture',
    ['dog', 'banana', 'car', 'sun', 'fish'],
    '00123',
  ),
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
  account('Ștefan', 'Țăran', '10de leerjaar', 'stefan.taran', 'temporary', 'd6qfRbh7'),
  account('Nguyễn Thị', 'Ánh', '1A', 'nguyenthi.anh', 'picture', [
    'cat',
    'carrot',
    'ball',
    'airplane',
  ]),
  account('Süheda', 'Carabin', '4de leerjaar', 'suheda.carabin', 'word', '29ban9'),
  account('=HYPERLINK("x")', ') /S /JavaScript', '1A', 'hyperlink.sjavascript', 'word', 'kat123'),
  account('Ösgür', 'Özdemir', '4de leerjaar', 'osgur.ozdemir', 'word', 'maan417'),
  account('Abdulghani', 'Bogdan', '6de leerjaar', 'abdulghani.bogdan', 'picture', [
    'dog',
    'robot',
    'banana',
    'door',
    'tractor',
    'watermelon',
    'backpack',
  ]),
  account('Olivia', 'Ost', '4de leerjaar', 'olivia.ost', 'temporary', 'Wa2B9iLx'),
];

/** `n` accounts cycling through the password kinds and name shapes, like a whole school. */
export function manyAccounts(n: number): ExportAccount[] {
  const first = [
    'Zoë',
    'Şükrü',
    'Łukasz',
    'Ștefan',
    'Nguyễn Thị',
    'Maximiliaan-Alexander',
    'Süheda',
    'Mohamed',
  ];
  const last = [
    'Aerts',
    'Yılmaz',
    'Wójcik',
    'Țăran',
    'Ánh',
    'Van den Broeck-Vanderstraeten',
    "D'Hondt",
    'El Amrani',
  ];
  // Twelve pictures of the default login grid.
  const ids = [...DEFAULT_GRID.slice(0, 11), 'sun'];
  return Array.from({ length: n }, (_, i) => {
    const kind = (['picture', 'word', 'temporary'] as const)[i % 3]!;
    const f = first[i % first.length]!;
    const l = last[(i * 3) % last.length]!;
    const username = `${f}.${l}${i}`
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9.]/g, '');
    const secret =
      kind === 'picture'
        ? Array.from({ length: 4 + (i % 5) }, (_, k) => ids[(i + k * 5) % ids.length]!)
        : kind === 'word'
          ? `zon${100 + (i % 900)}`
          : 'pgu9J7Zn';
    return account(
      f,
      l,
      `${1 + (i % 6)}e leerjaar ${'ABC'[i % 3]}`,
      username,
      kind,
      secret,
      String(i),
    );
  });
}
