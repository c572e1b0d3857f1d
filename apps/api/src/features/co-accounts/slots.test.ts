import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { keepHoldersInPlace, type Holder } from './slots.js';

// The school's list of parent addresses, reordered so active co-accounts keep their address on
// their own slot (holder.test.ts has the routes).

const address = fc.constantFrom('a@x.be', 'b@x.be', 'c@x.be', 'd@x.be', 'e@x.be', 'f@x.be');
const list = fc.uniqueArray(address, { maxLength: 5 });
const holders = fc
  .uniqueArray(fc.record({ slot: fc.integer({ min: 1, max: 5 }), email: address }), {
    maxLength: 5,
    selector: (h) => h.slot,
  })
  .filter((hs) => new Set(hs.map((h) => h.email)).size === hs.length);

describe('keepHoldersInPlace', () => {
  it('puts a holder’s address on its slot, and moves only what it must', () => {
    const h = (slot: number, email: string): Holder => ({ slot, email });
    // Swapped by the list: back in place.
    expect(keepHoldersInPlace(['b@x.be', 'a@x.be'], [h(1, 'a@x.be'), h(2, 'b@x.be')])).toEqual([
      'a@x.be',
      'b@x.be',
    ]);
    // The first parent replaced: the second one stays on slot 2, the new address takes slot 1.
    expect(keepHoldersInPlace(['b@x.be', 'n@x.be'], [h(1, 'a@x.be'), h(2, 'b@x.be')])).toEqual([
      'n@x.be',
      'b@x.be',
    ]);
    // The first parent left out: no gap, so the second one moves up (and waits for an admin).
    expect(keepHoldersInPlace(['b@x.be'], [h(1, 'a@x.be'), h(2, 'b@x.be')])).toEqual(['b@x.be']);
    // Letter case of the list is kept; ASCII case does not tell addresses apart.
    expect(keepHoldersInPlace(['n@x.be', 'A@X.be'], [h(1, 'a@x.be')])).toEqual([
      'A@X.be',
      'n@x.be',
    ]);
  });

  it('answers a permutation with every placeable holder on its slot and the rest in order', () => {
    fc.assert(
      fc.property(list, holders, (emails, hs) => {
        const out = keepHoldersInPlace(emails, hs);
        expect([...out].sort()).toEqual([...emails].sort());
        const placed = new Set<string>();
        for (const holder of hs)
          if (holder.slot <= emails.length && emails.includes(holder.email!)) {
            expect(out[holder.slot - 1]).toBe(holder.email);
            placed.add(holder.email!);
          }
        const rest = (xs: string[]) => xs.filter((e) => !placed.has(e));
        expect(rest(out)).toEqual(rest(emails));
      }),
    );
  });
});
