import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { personalLoginMode, personalUrl } from './personal-url.js';

const parse = (url: string) => {
  const u = new URL(url);
  return Object.fromEntries(u.searchParams.entries());
};

describe('personalUrl', () => {
  it('opens the pictures with their count for a picture account, the password form otherwise', () => {
    const base = 'https://school.example/u';
    expect(
      personalUrl(base, 'abdul.bogdan', {
        passwordKind: 'picture',
        pictures: ['a', 'b', 'c', 'd', 'e'],
      }),
    ).toBe('https://school.example/u/abdul.bogdan?prentjes=5');
    expect(personalUrl(`${base}/`, 'suheda.carabin', { passwordKind: 'word' })).toBe(
      'https://school.example/u/suheda.carabin?wachtwoord',
    );
    expect(personalUrl(base, 'mac.daoust', { passwordKind: 'temporary' })).toBe(
      'https://school.example/u/mac.daoust?wachtwoord',
    );
  });

  it('round-trips the mode and count through a real URL for any username', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,48}[a-z0-9]$/),
        fc.constantFrom('picture', 'word', 'temporary', 'own'),
        fc.integer({ min: 4, max: 8 }),
        (username, passwordKind, n) => {
          const url = personalUrl('https://x.example/u', username, {
            passwordKind,
            pictures: Array.from({ length: n }, () => 'cat'),
          });
          expect(decodeURIComponent(new URL(url).pathname)).toBe(`/u/${username}`);
          const got = personalLoginMode(parse(url));
          expect(got).toEqual(
            passwordKind === 'picture'
              ? { mode: 'pictures', pictureCount: n }
              : { mode: 'password' },
          );
        },
      ),
    );
  });

  it('ignores a count that is no small whole number, and reads the older mode=prentjes', () => {
    expect(personalLoginMode({ prentjes: '99' })).toEqual({ mode: 'pictures' });
    expect(personalLoginMode({ prentjes: 'x' })).toEqual({ mode: 'pictures' });
    expect(personalLoginMode({ prentjes: null })).toEqual({ mode: 'pictures' });
    expect(personalLoginMode({ mode: 'prentjes' })).toEqual({ mode: 'pictures' });
    expect(personalLoginMode({})).toEqual({ mode: undefined });
  });
});
