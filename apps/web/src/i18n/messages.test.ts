import { beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// vue-tsc already rejects a missing key at build time (defineMessages); this also catches what
// types cannot: empty texts, placeholders that differ between languages, and a messages file
// that nobody loads.
const src = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = [
  join(src, 'i18n', 'app.messages.ts'),
  ...readdirSync(join(src, 'features'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(src, 'features', d.name, 'messages.ts'))
    .filter((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    }),
];

type Tree = { [key: string]: string | Tree };

/** Every leaf as `a.b.c` → text. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (text: string) => [...new Set(text.match(/\{\s*\w+\s*\}/g) ?? [])].sort();
const plurals = (text: string) => text.split(' | ').length;

describe.each(files.map((f) => [relative(src, f), f]))('%s', (_name, file) => {
  let messages: Record<'nl' | 'fr' | 'en', Tree>;
  beforeAll(async () => {
    messages = (await import(pathToFileURL(file).href)).default;
  });

  it('has the same keys in nl, fr and en, none of them empty', () => {
    expect(Object.keys(messages).sort()).toEqual(['en', 'fr', 'nl']);
    const nl = leaves(messages.nl);
    for (const locale of ['fr', 'en'] as const) {
      const other = leaves(messages[locale]);
      expect({ locale, keys: [...other.keys()].sort() }).toEqual({
        locale,
        keys: [...nl.keys()].sort(),
      });
    }
    for (const locale of ['nl', 'fr', 'en'] as const)
      for (const [key, text] of leaves(messages[locale]))
        expect({ locale, key, empty: text.trim() === '' }).toEqual({ locale, key, empty: false });
  });

  it('uses the same placeholders and plural forms in every language', () => {
    const nl = leaves(messages.nl);
    for (const locale of ['fr', 'en'] as const)
      for (const [key, text] of leaves(messages[locale])) {
        const reference = nl.get(key) ?? '';
        expect({ key, locale, placeholders: placeholders(text), plurals: plurals(text) }).toEqual({
          key,
          locale,
          placeholders: placeholders(reference),
          plurals: plurals(reference),
        });
      }
  });
});

it('loads every feature messages file and checks it for completeness (i18n/index.ts)', () => {
  const index = readFileSync(join(src, 'i18n', 'index.ts'), 'utf8');
  for (const file of files.slice(1)) {
    const path = `../${relative(src, file).replace(/\.ts$/, '')}`;
    expect({ path, loaded: index.includes(`import('${path}')`) }).toEqual({ path, loaded: true });
    expect({ path, checked: index.includes(`from '${path}'`) }).toEqual({ path, checked: true });
  }
});
