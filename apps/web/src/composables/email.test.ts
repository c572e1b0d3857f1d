import { describe, expect, it } from '@jest/globals';
import { looksLikeEmail } from './email';

describe('looksLikeEmail', () => {
  it.each(['an@school.be', 'a.b+c@mail.school.be'])('accepts %s', (value) => {
    expect(looksLikeEmail(value)).toBe(true);
  });
  it.each(['', 'an', 'an@school', 'an @school.be', 'an@@school.be', '@school.be'])(
    'refuses %j',
    (value) => {
      expect(looksLikeEmail(value)).toBe(false);
    },
  );
});
