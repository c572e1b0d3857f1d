import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DEFAULT_FILTERS,
  PAGE_SIZES,
  SORT_KEYS,
  STATUSES,
  TYPES,
  filterQuery,
  filtersFromQuery,
  filtersToQuery,
  type Filters,
} from './students-query';

const filters = fc.record<Filters>({
  q: fc.string({ maxLength: 100 }).map((s) => s.trim()),
  group: fc.string({ maxLength: 60 }),
  status: fc.constantFrom('', ...STATUSES),
  type: fc.constantFrom('', ...TYPES),
  sort: fc.constantFrom(...SORT_KEYS),
  order: fc.constantFrom('asc', 'desc'),
  page: fc.integer({ min: 1, max: 10_000 }),
  pageSize: fc.constantFrom(...PAGE_SIZES),
});

describe('students list URL codec', () => {
  it('reads the short Dutch parameters', () => {
    expect(
      filtersFromQuery({
        q: 'Peeters',
        groep: '5de leerjaar',
        status: 'blocked',
        type: 'basic',
        sort: 'group',
        order: 'desc',
        page: '3',
        per: '100',
      }),
    ).toEqual({
      q: 'Peeters',
      group: '5de leerjaar',
      status: 'blocked',
      type: 'basic',
      sort: 'group',
      order: 'desc',
      page: 3,
      pageSize: 100,
    });
  });

  it.each([
    ['an empty query', {}],
    ['unknown values', { status: 'gone', type: 'x', sort: 'password', order: 'up', per: '7' }],
    ['malformed numbers', { page: 'abc', per: '50abc' }],
    ['a page below 1', { page: '0' }],
    ['arrays (a repeated parameter)', { status: ['active', 'blocked'], q: ['a', 'b'] }],
    ['null values (?status)', { status: null, groep: null }],
  ])('falls back to the defaults for %s', (_what, query) => {
    const f = filtersFromQuery(query);
    expect({ ...f, page: f.page }).toEqual({ ...DEFAULT_FILTERS });
  });

  it('cuts the search text at 100 characters', () => {
    expect(filtersFromQuery({ q: 'a'.repeat(250) }).q).toHaveLength(100);
  });

  it('leaves the defaults out of the URL', () => {
    expect(filtersToQuery(DEFAULT_FILTERS)).toEqual({});
    expect(filtersToQuery({ ...DEFAULT_FILTERS, q: '   ', page: 1 })).toEqual({});
  });

  it('sends only the filters that are set to the API', () => {
    expect(filterQuery({ ...DEFAULT_FILTERS, q: ' Jan ', status: 'none' })).toEqual({
      q: 'Jan',
      status: 'none',
    });
    expect(filterQuery(DEFAULT_FILTERS)).toEqual({});
  });

  it('property: every filter survives the way through the URL', () => {
    fc.assert(
      fc.property(filters, (f) => {
        expect(filtersFromQuery(filtersToQuery(f))).toEqual(f);
      }),
    );
  });

  it('property: any query gives filters the API accepts', () => {
    const value = fc.oneof(fc.string(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
    const key = fc.constantFrom('q', 'groep', 'status', 'type', 'sort', 'order', 'page', 'per');
    fc.assert(
      fc.property(fc.dictionary(key, value), (query) => {
        const f = filtersFromQuery(query);
        expect(f.q.length).toBeLessThanOrEqual(100);
        expect(['', ...STATUSES]).toContain(f.status);
        expect(['', ...TYPES]).toContain(f.type);
        expect(SORT_KEYS).toContain(f.sort);
        expect(['asc', 'desc']).toContain(f.order);
        expect(Number.isInteger(f.page) && f.page >= 1).toBe(true);
        expect(PAGE_SIZES).toContain(f.pageSize);
        // And reading it back is stable (the URL the list writes is the one it reads).
        expect(filtersFromQuery(filtersToQuery(f))).toEqual({ ...f, q: f.q.trim() });
      }),
    );
  });
});
