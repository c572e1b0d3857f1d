import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { routedPath } from './spa.js';

// The SPA's fallback reads a target's path as the router does (see routedPath).

describe('routedPath', () => {
  it('decodes every segment, drops the query and fragment', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('/')),
          {
            maxLength: 5,
          },
        ),
        fc.constantFrom('', '?a=1', '#x', '?q=%2F#y'),
        (segments, tail) => {
          const url = `/${segments.map(encodeURIComponent).join('/')}${tail}`;
          expect(routedPath(url)).toBe(`/${segments.join('/')}`);
        },
      ),
    );
  });

  it('reads the path of an absolute-form target, and an undecodable path as written', () => {
    expect(routedPath('http://school.example:8080/%61pi/v1/nope?x')).toBe('/api/v1/nope');
    expect(routedPath('HTTPS://h/api')).toBe('/api');
    expect(routedPath('/aanmelden/%E0%A4%A')).toBe('/aanmelden/%E0%A4%A');
    expect(routedPath('/a%70i/v1/')).toBe('/api/v1/');
  });
});
