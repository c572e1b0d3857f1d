import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/types.js';
import { statusExpression } from '../../db/student-columns.js';
import { foldForSearch } from '@schoolloket/core';
import { escapeLike, searchKey } from './search-text.js';

// The student list's filter and order: what a query string asks for, as SQL (list.repository.ts
// compiles the statements from it).

export interface StudentFilterInput {
  q?: string;
  group?: string;
  status?: 'none' | 'active' | 'inactive' | 'blocked';
  type?: 'basic' | 'advanced' | 'none';
  ids?: string[];
}

export type SortKey = 'stamnummer' | 'firstName' | 'lastName' | 'group' | 'status' | 'type';

export type EB = ExpressionBuilder<DB & { s: DB['students']; a: DB['accounts'] }, 's' | 'a'>;

/** A filter with its search words already folded: what the WHERE clause is built from. */
export interface FilterValues {
  iid: string;
  ids?: string[];
  group?: string;
  type?: 'basic' | 'advanced' | 'none';
  status?: string;
  today: string;
  /** Per search word: the stamnummer prefix pattern and the search-text pattern (null: none). */
  words: Array<{ stamnummer: string; name: string | null }>;
  /** The username prefix pattern, when the whole query may be a username. */
  username: string | null;
}

export function filterValues(iid: string, filter: StudentFilterInput, today: string): FilterValues {
  // No search text (most list requests): nothing to fold or split.
  if (!filter.q) return valuesOf(iid, filter, today, [], null);
  const folded = foldForSearch(filter.q);
  const words = folded
    .split(' ')
    .filter(Boolean)
    .map((token) => {
      // Stamnummers keep their punctuation ("E2E-10"); names are compared without it.
      const key = searchKey(token);
      return { stamnummer: `${escapeLike(token)}%`, name: key ? `%${escapeLike(key)}%` : null };
    });
  // The whole query may also be (the start of) a username, dots included.
  const username =
    words.length && folded && !folded.includes(' ') ? `${escapeLike(folded)}%` : null;
  return valuesOf(iid, filter, today, words, username);
}

/**
 * Whether a filter leaves out any of the school's students by its form: a group, a status, an
 * account type, ids, or a search with at least one word. A search of nothing but spaces (or
 * characters the folding drops) is no search in filterValues, so it narrows nothing; a caller
 * that treats "the whole school" differently must ask this, not whether the filter has keys.
 */
export function narrowsSelection(filter: StudentFilterInput | undefined): boolean {
  if (!filter) return false;
  if (filter.group !== undefined || filter.status || filter.type || filter.ids) return true;
  return !!filter.q && foldForSearch(filter.q).split(' ').some(Boolean);
}

/**
 * The filter's values in one fixed shape: the list runs this on every request, and copying the
 * query string's object (every parameter, in its own shape) cost more than the rest of it.
 */
function valuesOf(
  iid: string,
  filter: StudentFilterInput,
  today: string,
  words: FilterValues['words'],
  username: string | null,
): FilterValues {
  return {
    iid,
    today,
    ids: filter.ids,
    group: filter.group,
    type: filter.type,
    status: filter.status,
    words,
    username,
  };
}

/**
 * How a value goes into the WHERE clause: as itself (a parameter PostgreSQL plans for), or, for
 * the list's prepared page statement, as a one-row subquery (onePlan).
 */
type Bind = (value: string, type: 'uuid' | 'text') => string | Expression<string>;
const asItself: Bind = (value) => value;

export function whereOf(eb: EB, f: FilterValues, bind: Bind = asItself): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('s.institution_id', '=', bind(f.iid, 'uuid'))];
  if (f.ids) conditions.push(f.ids.length ? eb('s.id', 'in', f.ids) : sql<boolean>`false`);
  if (f.group !== undefined) conditions.push(eb('s.group_name', '=', bind(f.group, 'text')));
  if (f.type === 'none') conditions.push(eb('a.student_id', 'is', null));
  else if (f.type) conditions.push(eb('a.type', '=', bind(f.type, 'text') as 'basic'));
  if (f.status) conditions.push(eb(statusExpression(f.today), '=', f.status as 'active'));
  const words = f.words.map(({ stamnummer, name }) => {
    const byStamnummer = eb(eb.fn('lower', ['s.stamnummer']), 'like', bind(stamnummer, 'text'));
    return name
      ? eb.or([byStamnummer, eb('s.search_text', 'like', bind(name, 'text'))])
      : byStamnummer;
  });
  if (words.length && f.username !== null)
    conditions.push(eb.or([eb.and(words), eb('a.username', 'like', bind(f.username, 'text'))]));
  else conditions.push(...words);
  return eb.and(conditions);
}

export function filterWhere(
  eb: EB,
  iid: string,
  filter: StudentFilterInput,
  today: string,
): Expression<SqlBool> {
  return whereOf(eb, filterValues(iid, filter, today));
}

/**
 * Stamnummers that are numbers sort as numbers (50000 before 101034): zero-padded to 20 digits
 * they compare right as text; other stamnummers follow them in text order.
 */
const stamnummerOrder = sql<string>`case when s.stamnummer ~ '^[0-9]{1,20}$' then lpad(s.stamnummer, 20, '0') else s.stamnummer end`;

/** The same key in JavaScript, for the cursor of a page sorted by stamnummer. */
export function stamnummerSortKey(stamnummer: string): string {
  return /^[0-9]{1,20}$/.test(stamnummer) ? stamnummer.padStart(20, '0') : stamnummer;
}

const SORT_COLUMNS: Record<Exclude<SortKey, 'status' | 'stamnummer'>, string> = {
  firstName: 's.first_name',
  lastName: 's.last_name',
  group: 's.group_name',
  type: 'a.type',
};

/**
 * Where a page starts when it follows another (keyset pagination): the previous page's last row,
 * as its sort key and the name-and-id tie-breakers. Deep pages then cost what the first one does.
 */
export interface ListCursor {
  key: string | null;
  lastName: string;
  firstName: string;
  id: string;
}

export type ListOptions = {
  today: string;
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  after?: ListCursor;
};

/** A row of the list, already in the API's field names (no mapping object per row). */
export interface ListedStudentRow {
  id: string;
  stamnummer: string;
  firstName: string;
  lastName: string;
  group: string;
  officialFirstName: string | null;
  officialLastName: string | null;
  gender: string | null;
  birthDate: string | null;
  enrolledUntil: string | null;
  parentEmails: string[];
  locale: string | null;
  status: 'none' | 'active' | 'inactive' | 'blocked';
  accountType: 'basic' | 'advanced' | null;
  username: string | null;
  lastLoginAt: string | null;
}

export function sortKeyExpression(sort: SortKey) {
  const status = statusExpression(SLOT.today);
  return sort === 'status'
    ? status
    : sort === 'stamnummer'
      ? stamnummerOrder
      : sql.ref<string>(SORT_COLUMNS[sort]);
}

/**
 * Rows after the cursor in the list's order: (key nulls last, last name, first name) in the
 * requested direction, then id ascending. Sorted by last name (the usual page) the condition is
 * a row comparison the name indexes can start from.
 */
export function afterCursor(eb: EB, sort: SortKey, order: 'asc' | 'desc', keyIsNull: boolean) {
  const after = order === 'asc' ? '>' : '<';
  const ln = eb.ref('s.last_name');
  const fn = eb.ref('s.first_name');
  const [lastName, firstName, id, key] = [
    onePlan(SLOT.lastName, 'text'),
    onePlan(SLOT.firstName, 'text'),
    onePlan(SLOT.id, 'uuid'),
    onePlan(SLOT.key, 'text'),
  ];
  const names =
    order === 'asc'
      ? sql<SqlBool>`(s.last_name, s.first_name, s.id) > (${lastName}, ${firstName}, ${id})`
      : eb.or([
          eb(ln, '<', lastName),
          eb.and([
            eb(ln, '=', lastName),
            eb.or([eb(fn, '<', firstName), eb.and([eb(fn, '=', firstName), eb('s.id', '>', id)])]),
          ]),
        ]);
  if (sort === 'lastName') return names;
  const sortKey = sortKeyExpression(sort) as Expression<string>;
  if (keyIsNull) return eb.and([eb(sortKey, 'is', null), names]);
  return eb.or([
    eb(sortKey, after, key),
    eb(sortKey, 'is', null),
    eb.and([eb(sortKey, '=', key), names]),
  ]);
}

/**
 * A value of the list's page statement as a one-row subquery (an InitPlan: evaluated once when
 * the statement starts, and still an index bound). PostgreSQL then estimates a page alike for
 * every school, group, search and cursor, so the prepared statement settles on one plan per
 * connection after five executions; with plain parameters it plans again on every request
 * (~0.2 ms, more than the page's own work) whenever the values' statistics make a plan for them
 * look cheaper, as a large group or a cursor near the end of the list does. A comparison keeps
 * the column's collation (the subquery's value has the type's default one, which gives way).
 */
export const onePlan: Bind = (value, type) => sql<string>`(select ${value}::${sql.raw(type)})`;

/**
 * Placeholders: each statement of the list is built and compiled once per query shape with these
 * in place of the values, and the request's values are bound to them at run time.
 */
export const slot = (name: string) => `\u0000slot:${name}`;
export const SLOT = {
  iid: slot('iid'),
  group: slot('group'),
  type: slot('type'),
  status: slot('status'),
  today: slot('today'),
  username: slot('username'),
  limit: slot('limit'),
  offset: slot('offset'),
  key: slot('key'),
  lastName: slot('lastName'),
  firstName: slot('firstName'),
  id: slot('id'),
} as const;
export const wordSlot = (i: number, part: 'stamnummer' | 'name') => slot(`w${i}${part}`);
