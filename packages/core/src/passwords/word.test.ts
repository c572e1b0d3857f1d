import { describe, expect, it } from '@jest/globals';
import { deterministicRandomForTests } from '../random.js';
import {
  WORD_PASSWORD_DIGITS,
  generateWordPassword,
  layWordPassword,
  validateWordPassword,
} from './word.js';
import { WORDS } from './words.js';

describe('validateWordPassword', () => {
  it.each([
    ['zal659', []],
    ['29ban9', []],
    ['2ban96', []],
    ['olifant123'.replace('123', '482'), []],
    ['zal65', ['bad_format']],
    ['zal6598', ['bad_format']],
    ['Zal659', ['bad_format']],
    ['z659', ['bad_format']],
    ['2z9al6', ['bad_format']],
    ['zal 659', ['bad_format']],
    ['=zal659', ['unsafe_start', 'bad_format']],
    ['abc123', ['common']],
  ])('%j -> %j', (p, errors) => {
    expect(validateWordPassword(p)).toEqual(errors);
  });
});

describe('generateWordPassword', () => {
  it('lays the digits after or around the word', () => {
    expect(layWordPassword('zal', '659', 'after')).toBe('zal659');
    expect(layWordPassword('ban', '299', 'around21')).toBe('29ban9');
    expect(layWordPassword('ban', '296', 'around12')).toBe('2ban96');
  });

  it('uses a curated word, digits 2-9 and every layout', () => {
    const rng = deterministicRandomForTests(3);
    const layouts = new Set<string>();
    const words = new Set(WORDS);
    for (let i = 0; i < 3000; i += 1) {
      const p = generateWordPassword(rng);
      const m = /^([0-9]*)([a-z]+)([0-9]*)$/.exec(p);
      expect(m).not.toBeNull();
      const [, before = '', word = '', after = ''] = m ?? [];
      expect(words.has(word)).toBe(true);
      expect((before + after).length).toBe(3);
      for (const d of before + after) expect(WORD_PASSWORD_DIGITS).toContain(d);
      layouts.add(`${before.length}${after.length}`);
    }
    expect([...layouts].sort()).toEqual(['03', '12', '21']);
  });
});
