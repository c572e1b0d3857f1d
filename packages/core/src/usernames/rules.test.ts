import { describe, expect, it } from '@jest/globals';
import { LOCALES } from './locale.js';
import { usernameMessages, usernameReviewMessages } from './messages.js';
import { type UsernameError, canonicalUsername, parseUsername, validateUsername } from './rules.js';

describe('canonicalUsername', () => {
  it.each([
    ['ZOE.ANGSTROM', 'zoe.angstrom'],
    ['  jan.peeters\t', 'jan.peeters'],
    ['ｊａｎ．ｐｅｅｔｅｒｓ', 'jan.peeters'],
    ['\u00A0Emma.Peeters\u3000', 'emma.peeters'],
    ['ﬁne', 'fine'],
    // homoglyphs stay different: a Cyrillic "а" does not find "anna"
    ['\u0430nna', '\u0430nna'],
  ])('%j -> %j', (input, expected) => {
    expect(canonicalUsername(input)).toBe(expected);
    expect(canonicalUsername(expected)).toBe(expected);
  });

  it('is stable where one pass is not (NFKC can create a leading space)', () => {
    const once = '\u00A8abc'.trim().normalize('NFKC').toLowerCase();
    expect(once.startsWith(' ')).toBe(true);
    const canonical = canonicalUsername('\u00A8abc');
    expect(canonicalUsername(canonical)).toBe(canonical);
  });
});

describe('validateUsername', () => {
  it.each<[string, UsernameError | null]>([
    ['jan.peeters', null],
    ['jan_peeters-2', null],
    ['abc', null],
    ['a'.repeat(50), null],
    ['  Jan.Peeters ', null],
    ['', 'empty'],
    ['   ', 'empty'],
    ['ab', 'too_short'],
    ['a'.repeat(51), 'too_long'],
    ['jan peeters', 'invalid_chars'],
    ['josé', 'invalid_chars'],
    ['jan+1', 'invalid_chars'],
    ['jan@school.be', 'contains_at'],
    ['@jan', 'contains_at'],
    ['.jan', 'bad_edge'],
    ['jan.', 'bad_edge'],
    ['-jan', 'bad_edge'],
    ['jan_', 'bad_edge'],
    ['...', 'bad_edge'],
  ])('%j -> %j', (input, error) => {
    expect(validateUsername(input)).toEqual(error === null ? { ok: true } : { ok: false, error });
  });

  it('parseUsername hands back the value to store', () => {
    expect(parseUsername(' Jan.Peeters ')).toEqual({ ok: true, username: 'jan.peeters' });
    expect(parseUsername('x')).toEqual({ ok: false, error: 'too_short' });
  });
});

describe('username messages', () => {
  const errors: UsernameError[] = [
    'too_short',
    'too_long',
    'invalid_chars',
    'bad_edge',
    'contains_at',
    'empty',
  ];
  it.each(LOCALES)('has a non-empty message for every error and review reason in %s', (locale) => {
    for (const e of errors) expect(usernameMessages[locale][e].length).toBeGreaterThan(10);
    for (const text of Object.values(usernameReviewMessages[locale])) {
      expect(text.length).toBeGreaterThan(10);
    }
    expect(Object.keys(usernameReviewMessages[locale]).sort()).toEqual([
      'empty_first_name',
      'empty_last_name',
      'transliterated',
      'truncated',
    ]);
  });
});
