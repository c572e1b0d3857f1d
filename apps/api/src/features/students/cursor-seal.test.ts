import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CursorSeal } from './cursor-seal.js';

// The list's cursors: sealed deterministically, opened only for their own list and secret, and
// remembered in memos that must never open a cursor for a list it was not sealed for.

const list = (iid: string, group: string | null) => JSON.stringify([iid, '', group, '', '']);
const A = list('00000000-0000-4000-8000-00000000000a', '3A');
const B = list('00000000-0000-4000-8000-00000000000a', '3B');
const content = fc.json();
const lists = fc.tuple(fc.uuid(), fc.option(fc.string())).map(([iid, g]) => list(iid, g));

describe('CursorSeal', () => {
  it('opens what it sealed, for that list only', () => {
    fc.assert(
      fc.property(lists, lists, content, (one, other, text) => {
        const seal = new CursorSeal('secret');
        const cursor = seal.seal(one, text);
        expect(seal.open(one, cursor)).toBe(text);
        // Sealed and opened above, so both memos hold it: still nothing for another list.
        if (other !== one) expect(seal.open(other, cursor)).toBeNull();
        // Nor with another secret (another installation), memo or not.
        expect(new CursorSeal('other secret').open(one, cursor)).toBeNull();
      }),
    );
  });

  it('seals one position of one list always the same, and different ones differently', () => {
    const seal = new CursorSeal('secret');
    const fresh = new CursorSeal('secret');
    const c = seal.seal(A, '["lastName","asc",2,"Peeters","Peeters","An","x"]');
    // Another instance with the same secret (no memo in common) seals it alike and opens it.
    expect(fresh.seal(A, '["lastName","asc",2,"Peeters","Peeters","An","x"]')).toBe(c);
    expect(new CursorSeal('secret').open(A, c)).toBe(
      '["lastName","asc",2,"Peeters","Peeters","An","x"]',
    );
    expect(seal.seal(B, '["lastName","asc",2,"Peeters","Peeters","An","x"]')).not.toBe(c);
    expect(seal.seal(A, '["lastName","asc",3,"Peeters","Peeters","An","x"]')).not.toBe(c);
  });

  it('opens nothing changed in any byte, even after opening the original', () => {
    const seal = new CursorSeal('secret');
    const cursor = seal.seal(A, '["lastName","asc",2,"Claes","Claes","Bram","y"]');
    expect(seal.open(A, cursor)).not.toBeNull();
    const raw = Buffer.from(cursor, 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const changed = Buffer.from(raw);
      changed[i] = changed[i]! ^ 1;
      expect(seal.open(A, changed.toString('base64url'))).toBeNull();
    }
    expect(seal.open(A, cursor.slice(0, 20))).toBeNull();
    expect(seal.open(A, '')).toBeNull();
  });

  // Node's base64url decoder skips what is not of its alphabet and a last character's unused
  // bits: none of these texts is the one we wrote, so none opens (found by an outside test).
  it('opens only the text it wrote, not another spelling of the same bytes', () => {
    const seal = new CursorSeal('secret');
    const cursor = seal.seal(A, '["lastName","asc",2,"Claes","Claes","Bram","y"]');
    expect(seal.open(A, cursor)).not.toBeNull();
    const last = cursor.at(-1)!;
    const spellings = [
      `${cursor}=`,
      `${cursor}==`,
      `${cursor}!!`,
      `${cursor}${'.'.repeat(50)}`,
      [...cursor].join('.'),
      ` ${cursor}`,
      `${cursor}\n`,
      Buffer.from(cursor, 'base64url').toString('base64'),
      // The same bytes with other unused bits in the last character.
      cursor.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1),
    ].filter(
      (s) => s !== cursor && Buffer.from(s, 'base64url').equals(Buffer.from(cursor, 'base64url')),
    );
    expect(spellings.length).toBeGreaterThanOrEqual(7);
    for (const s of spellings) expect({ s, opened: seal.open(A, s) }).toEqual({ s, opened: null });
  });

  it('carries no name in the clear', () => {
    const cursor = new CursorSeal('secret').seal(
      A,
      '["lastName","asc",2,"Van Acker","Van Acker","Bram","y"]',
    );
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain('Acker');
  });
});
