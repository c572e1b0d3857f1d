import { describe, expect, it } from '@jest/globals';
import { estimate } from './password-strength';

// The meter's engine: the same verdicts as the API (score 3 needed), feedback in the user's language.
describe('estimate (lazily loaded zxcvbn of the strength meter)', () => {
  it.each(['aaaaaaaa', 'abcdefgh', '12341234', 'zomer2024', 'regenboog1'])(
    'rates %j below 3',
    (password) => {
      expect(estimate(password, ['Basisschool De Regenboog'], 'nl').score).toBeLessThan(3);
    },
  );

  it.each(['paard batterij nietje correct', 'Vlinder-Rivier-Toren-82'])(
    'rates the passphrase %j at least 3',
    (password) => {
      expect(estimate(password, [], 'nl').score).toBeGreaterThanOrEqual(3);
    },
  );

  it('counts a name without its accents as the name (the server refuses it so)', () => {
    const withName = estimate('Nuria2015!', ['Núria', 'De Regenboog'], 'nl').score;
    expect(withName).toBeLessThan(3);
  });

  it('gives its feedback in nl, fr and en', () => {
    const warnings = (['nl', 'fr', 'en'] as const).map((l) => estimate('aaaaaaaa', [], l).warning);
    expect(new Set(warnings).size).toBe(3);
    expect(warnings[0]).toMatch(/Herhalende/);
  });
});
