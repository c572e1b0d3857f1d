import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { filterValues, narrowsSelection } from './filter.repository.js';

// "The whole school" is decided by what a filter selects (the reprint of every password needs a
// recent second factor): narrowsSelection must agree with the WHERE clause's own reading of the
// filter (filterValues), however the search is written.

const IID = '00000000-0000-4000-8000-000000000001';
const TODAY = '2026-12-07';

/** Whether the WHERE clause built from the filter has any condition besides the school's. */
function whereNarrows(filter: Parameters<typeof filterValues>[1]): boolean {
  const f = filterValues(IID, filter, TODAY);
  return (
    f.group !== undefined ||
    !!f.status ||
    !!f.type ||
    f.ids !== undefined ||
    f.words.length > 0 ||
    f.username !== null
  );
}

describe('narrowsSelection', () => {
  it('no filter, an empty search and a search of spaces select the whole school', () => {
    for (const filter of [undefined, {}, { q: '' }, { q: ' ' }, { q: '      ' }])
      expect(narrowsSelection(filter)).toBe(false);
  });

  it('a group (even an empty name), a status, a type, ids or a word narrow it', () => {
    for (const filter of [
      { group: '' },
      { group: '1A' },
      { status: 'active' as const },
      { type: 'none' as const },
      { ids: [] },
      { q: 'jan' },
      { q: '  1003 ' },
      { q: '-' },
    ])
      expect(narrowsSelection(filter)).toBe(true);
  });

  it('agrees with the WHERE clause for any search text', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: fc.constantFrom(' ', '\u00a0', '\u3000', '.', '-', '\u0301', 'a', 'É') }),
    );
    fc.assert(
      fc.property(text, (q) => {
        expect(narrowsSelection({ q })).toBe(whereNarrows({ q }));
      }),
      { numRuns: 2000 },
    );
  });
});
