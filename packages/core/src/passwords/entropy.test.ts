import { describe, expect, it } from '@jest/globals';
import { passwordEntropyBits, passwordSpaceSize } from './entropy.js';
import { WORDS } from './words.js';

// The numbers in packages/core/README.md: when the word list, an alphabet or the
// common-password list changes, this test fails and the README table gets updated with it.
describe('passwordEntropyBits', () => {
  it('temporary: 56 symbols, 8 long, each class present, common ones excluded', () => {
    const shape = 56 ** 8 - 32 ** 8 - 32 ** 8 - 48 ** 8 + 8 ** 8 + 24 ** 8 + 24 ** 8;
    expect(shape).toBe(66_559_175_294_976);
    expect(passwordSpaceSize('temporary')).toBe(66_559_175_284_424);
    expect(passwordEntropyBits('temporary')).toBeCloseTo(45.92, 2);
  });

  it('word: 547 words x 8^3 digit strings x 3 layouts', () => {
    expect(WORDS.length).toBe(547);
    expect(passwordSpaceSize('word')).toBe(547 * 512 * 3);
    expect(passwordEntropyBits('word')).toBeCloseTo(19.68, 2);
  });

  it.each([
    [16, 4, 16],
    [16, 5, 20],
    [16, 8, 32],
    [24, 5, 22.92],
  ])('picture: grid %i, length %i -> %f bits', (gridSize, length, bits) => {
    expect(passwordEntropyBits('picture', { gridSize, length })).toBeCloseTo(bits, 2);
  });

  it('picture defaults to the 16-picture grid and 5 pictures', () => {
    expect(passwordEntropyBits('picture')).toBe(20);
  });

  it('refuses settings the product does not allow', () => {
    expect(() => passwordEntropyBits('picture', { length: 3 })).toThrow(RangeError);
    expect(() => passwordEntropyBits('picture', { gridSize: 1 })).toThrow(RangeError);
  });
});
