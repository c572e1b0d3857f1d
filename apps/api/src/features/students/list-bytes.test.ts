import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { entrySize } from './list-cache.js';
import { ownBytes } from './list.js';

// A list page is kept in the page cache as bytes, and the cache's limit counts what each entry
// holds: the bytes must be the page's UTF-8, in memory of their own (Node hands out small buffers
// as slices of a shared 8 KB pool, and a kept slice would keep the whole block alive, uncounted).

describe('ownBytes: a page as bytes', () => {
  it("is the UTF-8 of the page's three parts, in a buffer of exactly its size", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ unit: 'binary' }), fc.string(), (head, items, tail) => {
        const body = ownBytes(head, items, tail);
        expect(body.equals(Buffer.from(head + items + tail))).toBe(true);
        expect(body.buffer.byteLength).toBe(body.length);
        expect(body.byteOffset).toBe(0);
      }),
    );
  });

  it('holds no pooled memory for an empty page', () => {
    const body = ownBytes(
      '{"items":[',
      '',
      '],"total":0,"page":1,"pageSize":50,"nextCursor":null}',
    );
    expect(body.toString()).toBe('{"items":[],"total":0,"page":1,"pageSize":50,"nextCursor":null}');
    expect(body.buffer.byteLength).toBe(body.length);
  });
});

describe('entrySize: what a kept page costs the cache', () => {
  it('counts the bytes, the key and the entry, so many small pages fill it too', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (page, key) => {
        const body = ownBytes('', page, '');
        expect(entrySize(body, key)).toBeGreaterThanOrEqual(body.length + key.length + 200);
      }),
    );
  });
});
