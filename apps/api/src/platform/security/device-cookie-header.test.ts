import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DeviceCookies,
  deviceCookieCopies,
  deviceCookieFromHeader,
  MAX_ENTRIES,
} from './device-cookies.js';

// The device cookie as the browser sends it: one copy at path /, and during the move to it an
// earlier version's copy at /api/v1/ as well (the more specific path first). Both are read.

const cookies = new DeviceCookies('test-secret');
const NOW = new Date('2026-12-06T10:00:00Z');
const entryFor = (name: string, cred = 's') => cookies.issue('portal', name, cred, undefined, NOW);

describe('deviceCookieFromHeader', () => {
  it('reads no cookie, one copy, or both copies merged, each entry once', () => {
    const a = entryFor('a.kind');
    const b = entryFor('b.kind');
    expect(deviceCookieFromHeader(undefined)).toBeUndefined();
    expect(deviceCookieFromHeader('sl_portal=x')).toBeUndefined();
    expect(deviceCookieFromHeader(`sl_portal=x; sl_device=${a}`)).toBe(a);
    expect(deviceCookieFromHeader(`sl_device=${a}; other=1; sl_device=${b}~${a}`)).toBe(
      `${a}~${b}`,
    );
    // A name that only ends in sl_device is another cookie.
    expect(deviceCookieFromHeader(`xsl_device=${a}`)).toBeUndefined();
  });

  it('keeps the trust of every copy: a name valid in any copy is valid in the merge', () => {
    const names = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}\.[a-z]{1,8}$/), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(names, fc.integer({ min: 0, max: 4 }), (all, split) => {
        const first = all.slice(0, split);
        const second = all.slice(split);
        const copy = (list: string[]) =>
          list.reduce<string | undefined>(
            (v, n) => cookies.issue('portal', n, 's', v, NOW),
            undefined,
          );
        const header = [copy(first), copy(second)]
          .filter((v) => v !== undefined)
          .map((v) => `sl_device=${v}`)
          .join('; ');
        const merged = deviceCookieFromHeader(header);
        for (const name of all) expect(cookies.valid('portal', name, merged, NOW)).toHaveLength(1);
        expect(deviceCookieCopies(header)).toHaveLength(
          (first.length ? 1 : 0) + (second.length ? 1 : 0),
        );
      }),
    );
  });

  it('never holds more than MAX_ENTRIES entries, and skips a copy too long to be one', () => {
    const many = Array.from({ length: MAX_ENTRIES + 2 }, (_, i) => entryFor(`kind.${i}`));
    expect(deviceCookieFromHeader(`sl_device=${many.join('~')}`)!.split('~')).toEqual(
      many.slice(0, MAX_ENTRIES),
    );
    const a = entryFor('a.kind');
    expect(deviceCookieFromHeader(`sl_device=${'x'.repeat(3000)}; sl_device=${a}`)).toBe(a);
  });
});
