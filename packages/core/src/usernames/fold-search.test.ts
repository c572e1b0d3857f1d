import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { foldForSearch, foldToAscii } from './fold.js';

describe('foldForSearch', () => {
  it.each([
    ['Daniëls', 'daniels'],
    ['  Van   den\tBroeck ', 'van den broeck'],
    ['Strauß Ærts Œuvre Øyvind Łukasz Đorđe', 'strauss aerts oeuvre oyvind lukasz dorde'],
    ['Ĳsbrand', 'ijsbrand'],
    ['E2E-10', 'e2e-10'],
    ["D'Hondt", "d'hondt"],
    ['100%', '100%'],
  ])('folds %j to %j', (input, folded) => {
    expect(foldForSearch(input)).toBe(folded);
  });

  // Latin names with accents and the explicit letters: search and usernames spell the letters
  // the same way, search only keeps the punctuation and spaces that usernames drop.
  const latinName = fc.string({
    unit: fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789',
      ...'éëèêçñåäöüïÉËÇÅ',
      ...'ßæœøłđðþıĳÆŒØŁĐÐÞĲ',
      ' ',
      '-',
      "'",
      '.',
    ),
    maxLength: 30,
  });
  it('agrees with foldToAscii on the letters and digits of Latin names', () => {
    fc.assert(
      fc.property(latinName, (name) => {
        expect(foldForSearch(name).replace(/[^a-z0-9]/g, '')).toBe(foldToAscii(name).text);
      }),
    );
  });
  it('never leaves capitals, marks or runs of white space', () => {
    fc.assert(
      fc.property(latinName, (name) => {
        const folded = foldForSearch(name);
        expect(folded).toBe(folded.toLowerCase());
        expect(folded).not.toMatch(/\p{M}|\s{2}|^\s|\s$/u);
      }),
    );
  });
});
