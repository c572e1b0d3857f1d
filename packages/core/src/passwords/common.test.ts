import { describe, expect, it } from '@jest/globals';
import { COMMON_PASSWORDS, COMMON_PASSWORD_COUNT, isCommonPassword } from './common.js';

describe('common-password list', () => {
  it('ships at least 10,000 unique lowercase entries of at least 6 characters', () => {
    expect(COMMON_PASSWORD_COUNT).toBeGreaterThanOrEqual(10_000);
    expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORD_COUNT);
    for (const p of COMMON_PASSWORDS) {
      expect(p.length).toBeGreaterThanOrEqual(6);
      expect(p).toBe(p.toLowerCase());
    }
  });

  it.each([
    ['123456', true],
    ['password', true],
    ['PASSWORD', true],
    ['iloveyou', true],
    ['wachtwoord', true],
    ['Welkom2025', true],
    ['azerty123', true],
    ['motdepasse', true],
    [' password ', true],
    ['zonnebloem#47', false],
    ['k7ZBvaD6', false],
  ])('%j -> %j', (p, common) => {
    expect(isCommonPassword(p)).toBe(common);
  });
});
