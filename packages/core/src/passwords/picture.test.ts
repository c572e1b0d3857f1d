import { describe, expect, it } from '@jest/globals';
import { DEFAULT_GRID } from '../pictures/index.js';
import { deterministicRandomForTests } from '../random.js';
import { generatePicturePassword, validatePicturePassword } from './picture.js';

const GRID = Array.from({ length: 16 }, (_, i) => `p${i}`);

describe('generatePicturePassword', () => {
  it.each([4, 5, 8])('draws %i ids from the grid', (length) => {
    const ids = generatePicturePassword(GRID, length, deterministicRandomForTests(length));
    expect(ids).toHaveLength(length);
    for (const id of ids) expect(GRID).toContain(id);
  });

  it('works with the default picture grid of the catalogue', () => {
    const ids = generatePicturePassword(DEFAULT_GRID, 5);
    expect(validatePicturePassword(ids, DEFAULT_GRID)).toEqual([]);
  });

  it('allows repeats and picks every picture about equally often', () => {
    const rng = deterministicRandomForTests(11);
    const counts = new Map<string, number>();
    let repeats = 0;
    for (let i = 0; i < 4000; i += 1) {
      const ids = generatePicturePassword(GRID, 4, rng);
      if (new Set(ids).size < ids.length) repeats += 1;
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(repeats).toBeGreaterThan(0);
    // 16,000 draws over 16 pictures: chi-square with 15 degrees of freedom, generous bound.
    const x2 = GRID.reduce((s, id) => s + ((counts.get(id) ?? 0) - 1000) ** 2 / 1000, 0);
    expect(x2).toBeLessThan(60);
  });

  it('refuses lengths outside 4..8 and broken grids', () => {
    expect(() => generatePicturePassword(GRID, 3)).toThrow(RangeError);
    expect(() => generatePicturePassword(GRID, 9)).toThrow(RangeError);
    expect(() => generatePicturePassword(GRID, 4.5)).toThrow(RangeError);
    expect(() => generatePicturePassword(['a'], 5)).toThrow(RangeError);
    expect(() => generatePicturePassword(['a', 'a', 'b'], 5)).toThrow(RangeError);
  });
});

describe('validatePicturePassword', () => {
  it.each<[string[], { min: number; max: number } | undefined, string[]]>([
    [['p1', 'p2', 'p3', 'p4', 'p5'], undefined, []],
    [['p1', 'p1', 'p1', 'p1'], undefined, []],
    [['p1', 'p2', 'p3'], undefined, ['bad_length']],
    [Array<string>(9).fill('p1'), undefined, ['bad_length']],
    [['p1', 'p2', 'p3', 'cat'], undefined, ['unknown_picture']],
    [['p1', 'p2', 'p3', 'p4'], { min: 5, max: 5 }, ['bad_length']],
    [['x'], { min: 5, max: 5 }, ['bad_length', 'unknown_picture']],
  ])('%j (%j) -> %j', (ids, length, errors) => {
    expect(validatePicturePassword(ids, GRID, length)).toEqual(errors);
  });

  it('answers bad_format for something that is not a list', () => {
    expect(validatePicturePassword('p1p2' as unknown as string[], GRID)).toEqual(['bad_format']);
  });
});
