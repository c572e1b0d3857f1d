import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { deterministicRandomForTests } from '../random.js';
import { startsUnsafely } from './errors.js';
import { generatePicturePassword, validatePicturePassword } from './picture.js';
import { generateTemporaryPassword, validateTemporaryPassword } from './temporary.js';
import { generateWordPassword, validateWordPassword } from './word.js';
import { WORDS } from './words.js';

const seed = fc.integer({ min: 0, max: 0xffff_ffff });

describe('password properties', () => {
  it.each([
    ['temporary', generateTemporaryPassword, validateTemporaryPassword],
    ['word', generateWordPassword, validateWordPassword],
  ] as const)(
    '%s passwords satisfy their own validator and are spreadsheet-safe',
    (_kind, generate, validate) => {
      fc.assert(
        fc.property(seed, (s) => {
          const p = generate(deterministicRandomForTests(s));
          expect(validate(p)).toEqual([]);
          expect(startsUnsafely(p)).toBe(false);
        }),
        { numRuns: 5000 },
      );
    },
  );

  it('picture passwords satisfy their own validator for every grid and length', () => {
    const grid = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), {
      minLength: 2,
      maxLength: 40,
    });
    fc.assert(
      fc.property(grid, fc.integer({ min: 4, max: 8 }), seed, (ids, length, s) => {
        const p = generatePicturePassword(ids, length, deterministicRandomForTests(s));
        expect(p).toHaveLength(length);
        expect(validatePicturePassword(p, ids)).toEqual([]);
        expect(validatePicturePassword(p, ids, { min: length, max: length })).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('no curated word starts with a formula character or whitespace', () => {
    for (const w of WORDS) expect(startsUnsafely(w)).toBe(false);
  });
});
