import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  ADVANCED_FROM_AGE_MAX,
  ADVANCED_FROM_AGE_MIN,
  countTypes,
  proposedAccountType,
} from './account-type.js';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const dates = fc
  .date({
    min: new Date('1990-01-01T00:00:00Z'),
    max: new Date('2040-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map(iso);
const ages = fc.integer({ min: ADVANCED_FROM_AGE_MIN, max: ADVANCED_FROM_AGE_MAX });
/** Two values of `values`, the smaller first. */
const ordered = <T>(values: fc.Arbitrary<T>) =>
  fc.tuple(values, values).map(([x, y]): [T, T] => (x <= y ? [x, y] : [y, x]));

describe('proposedAccountType', () => {
  it.each([
    ['2016-12-31', '2026-01-02', 10, 'advanced'],
    ['2017-01-01', '2026-12-31', 10, 'basic'],
    ['2009-03-19', '2026-09-01', 10, 'advanced'],
    ['2020-05-05', '2026-09-01', 10, 'basic'],
    ['2014-06-01', '2026-09-01', 12, 'advanced'],
    ['2015-06-01', '2026-09-01', 12, 'basic'],
    [null, '2026-09-01', 10, 'basic'],
    ['', '2026-09-01', 10, 'basic'],
    ['19-03-2007', '2026-09-01', 10, 'basic'],
  ] as const)('born %s, on %s, advanced from %i → %s', (birth, today, age, expected) => {
    expect(proposedAccountType(birth, today, age)).toBe(expected);
  });

  it('is monotonic in the age setting: a higher age never turns basic into advanced', () => {
    fc.assert(
      fc.property(dates, dates, ordered(ages), (birth, today, [low, high]) => {
        if (proposedAccountType(birth, today, high) === 'advanced')
          expect(proposedAccountType(birth, today, low)).toBe('advanced');
      }),
    );
  });

  it('is monotonic in time: once advanced, a later day stays advanced', () => {
    fc.assert(
      fc.property(dates, ordered(dates), ages, (birth, [early, late], age) => {
        if (proposedAccountType(birth, early, age) === 'advanced')
          expect(proposedAccountType(birth, late, age)).toBe('advanced');
      }),
    );
  });

  it('gives one type to everyone born in the same year (a class does not split on birthdays)', () => {
    fc.assert(
      fc.property(dates, dates, dates, ages, (b1, b2, today, age) => {
        const sameYear = `${b1.slice(0, 4)}${b2.slice(4)}`;
        expect(proposedAccountType(sameYear, today, age)).toBe(proposedAccountType(b1, today, age));
      }),
    );
  });

  it('proposes basic for anyone not yet born or younger than the setting', () => {
    fc.assert(
      fc.property(dates, dates, ages, (birth, today, age) => {
        if (birth > today) expect(proposedAccountType(birth, today, age)).toBe('basic');
      }),
    );
  });
});

describe('countTypes', () => {
  it('counts every item once', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('basic' as const, 'advanced' as const)), (types) => {
        const c = countTypes(types);
        expect(c.basic + c.advanced).toBe(types.length);
        expect(c.advanced).toBe(types.filter((t) => t === 'advanced').length);
      }),
    );
  });
});
