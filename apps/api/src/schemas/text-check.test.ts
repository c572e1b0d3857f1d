import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { hasTextErrors, textErrors } from './text-check.js';

// The hook asks hasTextErrors first and builds the errors only when it says yes: the two must
// agree on every value a request can carry.

const nasty = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u009f',
  '\t',
  '\n',
  '\ud800',
  '\udc00x',
  '\ud83d\ude00',
  '\u200b',
  '\u202e',
  'é',
  '',
);
const text = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.tuple(fc.string({ maxLength: 3 }), nasty, fc.string({ maxLength: 3 })).map((p) => p.join('')),
);
const key = fc.oneof(fc.constantFrom('name', 'q', 'firstName', 'groups', 'other'), text);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 14 },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;

describe('hasTextErrors', () => {
  it('says yes exactly when textErrors reports something', () => {
    let bad = 0;
    fc.assert(
      fc.property(json, key, (value, k) => {
        const expected = textErrors(value, '', k).length > 0;
        expect(hasTextErrors(value, k)).toBe(expected);
        if (expected) bad++;
      }),
      { numRuns: 20_000 },
    );
    expect(bad).toBeGreaterThan(1000);
  });

  it('refuses nesting past the limit, as textErrors does', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 13; i++) deep = [deep];
    expect(textErrors(deep).map((e) => e.keyword)).toEqual(['maxDepth']);
    expect(hasTextErrors(deep)).toBe(true);
    expect(hasTextErrors((deep as unknown[])[0])).toBe(false);
  });
});
