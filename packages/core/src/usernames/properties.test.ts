import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { usernameCandidate, usernameCounterOf } from './candidates.js';
import {
  USERNAME_MAX,
  canonicalUsername,
  isCanonicalValidUsername,
  validateUsername,
} from './rules.js';
import { usernameBase } from './username-base.js';

// Strings rich in the characters that break naive code: marks, compatibility forms, case
// specials, bidi and zero-width marks, lone surrogates, emoji.
const tricky = fc.string({
  unit: fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.constantFrom(
      ' ',
      '\u00A0',
      '\u00A8',
      '\u0301',
      'İ',
      'ı',
      'ß',
      'ẞ',
      'ﬁ',
      'Å',
      'Ω',
      'ǅ',
      'Ϊ',
      '\u0345',
      '\u200F',
      '\u202E',
      '\uFEFF',
      '\uD800',
      '\uDFFF',
      '😀',
      '\u3000',
      'ｊ',
      'ŉ',
      'ΐ',
      '\u1E9E',
    ),
  ),
  maxLength: 30,
});

const name = fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 120 }), fc.string());

const validBase = fc
  .stringMatching(/^[a-z0-9](?:[a-z0-9._-]{0,48}[a-z0-9])?$/)
  .filter((s) => s.length >= 3);

describe('username properties', () => {
  it('canonicalUsername is idempotent', () => {
    fc.assert(
      fc.property(name, (s) => {
        const once = canonicalUsername(s);
        expect(canonicalUsername(once)).toBe(once);
      }),
      { numRuns: 5000 },
    );
  });

  it('canonicalUsername is idempotent for every single code point, alone and after "a"', () => {
    const failures: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += 1) {
      const ch = String.fromCodePoint(cp);
      for (const s of [ch, `a${ch}`]) {
        const once = canonicalUsername(s);
        if (canonicalUsername(once) !== once) failures.push(cp);
      }
    }
    expect(failures).toEqual([]);
  });

  it('every generated base is a valid canonical username, or null with a reason', () => {
    fc.assert(
      fc.property(name, name, (first, last) => {
        const r = usernameBase(first, last);
        expect(r.needsReview).toBe(r.reasons.length > 0);
        if (r.base === null) {
          expect(r.reasons.some((x) => x === 'empty_first_name' || x === 'empty_last_name')).toBe(
            true,
          );
        } else {
          expect(validateUsername(r.base)).toEqual({ ok: true });
          expect(isCanonicalValidUsername(r.base)).toBe(true);
          expect(r.base.length).toBeLessThanOrEqual(USERNAME_MAX);
          expect(r.base).not.toContain('@');
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('every candidate is valid and at most 50 characters, for any counter', () => {
    fc.assert(
      fc.property(validBase, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (base, n) => {
        const candidate = usernameCandidate(base, n);
        expect(candidate.length).toBeLessThanOrEqual(USERNAME_MAX);
        expect(isCanonicalValidUsername(candidate)).toBe(true);
        expect(candidate.endsWith(n === 1 ? base : String(n))).toBe(true);
        const counter = usernameCounterOf(base, candidate);
        expect(counter).not.toBeNull();
        expect(usernameCandidate(base, counter as number)).toBe(candidate);
      }),
      { numRuns: 5000 },
    );
  });

  it('candidates of generated bases stay within 50 characters', () => {
    fc.assert(
      fc.property(name, name, fc.integer({ min: 1, max: 1_000_000 }), (first, last, n) => {
        const { base } = usernameBase(first, last);
        if (base !== null) expect(usernameCandidate(base, n).length).toBeLessThanOrEqual(50);
      }),
    );
  });
});
