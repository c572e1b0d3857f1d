import type { Locale } from '../usernames/locale.js';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import {
  DEFAULT_GRID,
  PICTURE_NAME_SEPARATOR,
  PICTURES,
  describePicturePassword,
  pictureById,
} from '../index.js';

const LOCALES: Locale[] = ['nl', 'fr', 'en'];
const pngOf = (id: string): Buffer => readFileSync(new URL(`./png/${id}.png`, import.meta.url));

describe('picture catalogue', () => {
  it('has at least 24 pictures with stable lowercase ascii ids', () => {
    expect(PICTURES.length).toBeGreaterThanOrEqual(24);
    for (const p of PICTURES) expect(p.id).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(new Set(PICTURES.map((p) => p.id)).size).toBe(PICTURES.length);
  });

  it.each(LOCALES)('has a unique, non-empty name for every picture in %s', (locale) => {
    const names = PICTURES.map((p) => p.names[locale]);
    for (const name of names) expect(name.trim()).not.toBe('');
    expect(new Set(names).size).toBe(names.length);
  });

  it('uses the Dutch words a child says', () => {
    expect(pictureById('dog')?.names.nl).toBe('hond');
    expect(pictureById('cat')?.names.nl).toBe('kat');
    expect(pictureById('banana')?.names.nl).toBe('banaan');
    expect(pictureById('apple')?.names.nl).toBe('appel');
    expect(pictureById('car')?.names.nl).toBe('auto');
    expect(pictureById('bicycle')?.names.nl).toBe('fiets');
    expect(pictureById('boat')?.names.nl).toBe('boot');
    expect(pictureById('fish')?.names.nl).toBe('vis');
  });

  it('ships one 64×64 PNG per picture', () => {
    for (const p of PICTURES) {
      const png = pngOf(p.id);
      expect(png.subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
      // IHDR: width and height are the first fields.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([64, 64]);
    }
  });

  it('has a picture for every shipped PNG: stored picture passwords use all of them', () => {
    // A picture dropped from the catalogue would lock out every child whose password has it.
    const shipped = readdirSync(new URL('./png/', import.meta.url))
      .filter((f) => f.endsWith('.png'))
      .map((f) => f.slice(0, -4))
      .sort();
    expect(PICTURES.map((p) => p.id).sort()).toEqual(shipped);
    expect(PICTURES).toHaveLength(74);
  });

  it('has a default grid of 16 different catalogue pictures', () => {
    expect(DEFAULT_GRID).toHaveLength(16);
    expect(new Set(DEFAULT_GRID).size).toBe(16);
    for (const id of DEFAULT_GRID) expect(pictureById(id)).toBeDefined();
  });

  it('finds pictures by id only', () => {
    expect(pictureById('dog')?.codepoint).toBe('1f436');
    expect(pictureById('DOG')).toBeUndefined();
    expect(pictureById('')).toBeUndefined();
    expect(pictureById('__proto__')).toBeUndefined();
    expect(pictureById('toString')).toBeUndefined();
  });
});

describe('describePicturePassword', () => {
  it.each([
    ['nl', 'hond – banaan – auto – zon – vis'],
    ['fr', 'chien – banane – voiture – soleil – poisson'],
    ['en', 'dog – banana – car – sun – fish'],
  ] as const)('describes a password in %s', (locale, expected) => {
    expect(describePicturePassword(['dog', 'banana', 'car', 'sun', 'fish'], locale)).toBe(expected);
  });

  it('keeps repeats and order', () => {
    expect(describePicturePassword(['sun', 'sun', 'dog', 'sun'], 'nl')).toBe(
      'zon – zon – hond – zon',
    );
  });

  it('writes an unknown id as itself instead of failing the export', () => {
    expect(describePicturePassword(['dog', 'unicorn'], 'nl')).toBe('hond – unicorn');
    expect(describePicturePassword([], 'nl')).toBe('');
  });

  it('can be read back into the same sequence of ids, in every language', () => {
    const ids = PICTURES.map((p) => p.id);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ids), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...LOCALES),
        (sequence, locale) => {
          const text = describePicturePassword(sequence, locale);
          const byName = new Map(PICTURES.map((p) => [p.names[locale], p.id]));
          expect(text.split(PICTURE_NAME_SEPARATOR).map((name) => byName.get(name))).toEqual(
            sequence,
          );
        },
      ),
    );
  });

  it('agrees with pictureById for any id, known or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...PICTURES.map((p) => p.id)), fc.string()), (id) => {
        const text = describePicturePassword([id], 'en');
        expect(text).toBe(pictureById(id)?.names.en ?? id);
      }),
    );
  });
});
