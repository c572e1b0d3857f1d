import { describe, expect, it } from '@jest/globals';
import { deterministicRandomForTests } from '../random.js';
import {
  TEMPORARY_ALPHABET,
  TEMPORARY_DIGITS,
  TEMPORARY_LOWER,
  TEMPORARY_UPPER,
  generateTemporaryPassword,
  validateTemporaryPassword,
} from './temporary.js';

describe('temporary password alphabet', () => {
  it('has no look-alikes and 24 + 24 + 8 symbols', () => {
    for (const c of '0Oo1lI') expect(TEMPORARY_ALPHABET).not.toContain(c);
    expect([TEMPORARY_LOWER.length, TEMPORARY_UPPER.length, TEMPORARY_DIGITS.length]).toEqual([
      24, 24, 8,
    ]);
    expect(new Set(TEMPORARY_ALPHABET).size).toBe(56);
  });
});

describe('validateTemporaryPassword', () => {
  it.each([
    ['k7ZBvaD6', []],
    ['k7ZBvaD6k7ZB', []],
    ['k7ZBva', ['too_short']],
    ['k7ZBvaD6'.repeat(5), ['too_long']],
    ['k0ZBvaD6', ['bad_chars']],
    ['klZBvaD6', ['bad_chars']],
    ['k7ZB aD6', ['bad_chars']],
    ['K7ZBVAD6', ['needs_lower']],
    ['k7zbvad6', ['needs_upper']],
    ['kxZBvaDy', ['needs_digit']],
    ['=7ZBvaD6', ['unsafe_start', 'bad_chars']],
    [' k7ZBvaD6', ['unsafe_start', 'bad_chars']],
    ['Welkom2025', ['bad_chars', 'common']],
    ['Summer99', ['common']],
    ['NewPass6', ['common']],
    ['', ['too_short', 'needs_lower', 'needs_upper', 'needs_digit']],
  ])('%j -> %j', (p, errors) => {
    expect(validateTemporaryPassword(p)).toEqual(errors);
  });
});

// P(a given position holds symbol c | the password is valid), by inclusion–exclusion over the
// other 7 positions; the common-list exclusion changes these by less than 1e-9.
function expectedShare(): Map<string, number> {
  const [L, U, D, A] = [24, 24, 8, 56];
  const lowerOrUpper = A ** 7 - (L + D) ** 7 - (L + U) ** 7 + L ** 7; // needs upper and digit
  const digit = A ** 7 - (U + D) ** 7 - (L + D) ** 7 + D ** 7; // needs lower and upper
  const weight = new Map<string, number>();
  for (const c of TEMPORARY_LOWER + TEMPORARY_UPPER) weight.set(c, lowerOrUpper);
  for (const c of TEMPORARY_DIGITS) weight.set(c, digit);
  const total = [...weight.values()].reduce((a, b) => a + b, 0);
  return new Map([...weight].map(([c, w]) => [c, w / total]));
}

function chiSquare(observed: Map<string, number>, share: Map<string, number>, n: number): number {
  let x2 = 0;
  for (const [c, p] of share) {
    const e = p * n;
    x2 += ((observed.get(c) ?? 0) - e) ** 2 / e;
  }
  return x2;
}

describe('generateTemporaryPassword', () => {
  it('is reproducible with an injected source', () => {
    const a = generateTemporaryPassword(deterministicRandomForTests(1));
    expect(generateTemporaryPassword(deterministicRandomForTests(1))).toBe(a);
    expect(validateTemporaryPassword(a)).toEqual([]);
  });

  it('100,000 passwords: valid, no duplicate, symbol frequencies within chi-square bounds', () => {
    const N = 100_000;
    const seen = new Set<string>();
    const all = new Map<string, number>();
    const first = new Map<string, number>();
    for (let i = 0; i < N; i += 1) {
      const p = generateTemporaryPassword();
      seen.add(p);
      if (i < 2000) expect(validateTemporaryPassword(p)).toEqual([]);
      for (const c of p) all.set(c, (all.get(c) ?? 0) + 1);
      first.set(p[0] as string, (first.get(p[0] as string) ?? 0) + 1);
    }
    // Duplicates among 100,000 of 6.7e13 equally likely passwords: p ≈ 7e-5.
    expect(seen.size).toBe(N);
    expect([...all.keys()].every((c) => TEMPORARY_ALPHABET.includes(c))).toBe(true);
    const share = expectedShare();
    // 55 degrees of freedom: mean 55, sd ≈ 10.5. 150 is p < 1e-9 (cannot flake), while a
    // modulo bias (first 32 symbols 25 % likelier) scores in the thousands.
    expect(chiSquare(all, share, N * 8)).toBeLessThan(150);
    expect(chiSquare(first, share, N)).toBeLessThan(150);
  });
});
