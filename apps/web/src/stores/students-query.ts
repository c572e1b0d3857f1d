import type { LocationQuery } from 'vue-router';
import type { Ok } from '../api/client';
import type { paths } from '../api/schema';

// The student list's filters and their URL form: pure, so they are unit-tested
// (students-query.test.ts); the store (students.ts) holds the state.

export type StudentPage = Ok<'/api/v1/institutions/{iid}/students', 'get'>;
export type StudentRow = StudentPage['items'][number];
type ListQuery = NonNullable<
  paths['/api/v1/institutions/{iid}/students']['get']['parameters']['query']
>;

// Every value the API accepts, and nothing else (a new one in openapi.yaml is a type error here).
export const SORT_KEYS = [
  'stamnummer',
  'firstName',
  'lastName',
  'group',
  'status',
  'type',
] as const satisfies readonly NonNullable<ListQuery['sort']>[];
export const STATUSES = [
  'none',
  'active',
  'inactive',
  'blocked',
] as const satisfies readonly NonNullable<ListQuery['status']>[];
export const TYPES = ['basic', 'advanced', 'none'] as const satisfies readonly NonNullable<
  ListQuery['type']
>[];
export const PAGE_SIZES = [25, 50, 100] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Status = (typeof STATUSES)[number];
export type TypeFilter = (typeof TYPES)[number];
type Complete<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const complete: [
  Complete<SortKey, NonNullable<ListQuery['sort']>>,
  Complete<Status, NonNullable<ListQuery['status']>>,
  Complete<TypeFilter, NonNullable<ListQuery['type']>>,
] = [true, true, true];
void complete;

export interface Filters {
  q: string;
  group: string;
  status: '' | Status;
  type: '' | TypeFilter;
  sort: SortKey;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export const DEFAULT_FILTERS: Filters = {
  q: '',
  group: '',
  status: '',
  type: '',
  sort: 'lastName',
  order: 'asc',
  page: 1,
  pageSize: 50,
};

/** Only the parameters that differ from "no filter": the API rejects unknown or empty ones. */
export function filterQuery(f: Filters) {
  return {
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
    ...(f.group ? { group: f.group } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.type ? { type: f.type } : {}),
  };
}

const oneOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

/**
 * The list's state lives in the URL (so reload, back and shared links work), under short Dutch
 * names: `?q=&groep=&status=&type=&sort=&order=&page=&per=`. Anything unknown or malformed
 * falls back to the default instead of reaching the API, which would answer 400.
 */
export function filtersFromQuery(query: LocationQuery): Filters {
  const str = (k: string) => {
    const v = query[k];
    return typeof v === 'string' ? v : '';
  };
  const status = str('status');
  const type = str('type');
  const sort = str('sort');
  const page = Number.parseInt(str('page'), 10);
  const per = Number.parseInt(str('per'), 10);
  return {
    q: str('q').slice(0, 100),
    group: str('groep'),
    status: oneOf(STATUSES, status) ? status : '',
    type: oneOf(TYPES, type) ? type : '',
    sort: oneOf(SORT_KEYS, sort) ? sort : DEFAULT_FILTERS.sort,
    order: str('order') === 'desc' ? 'desc' : 'asc',
    page: Number.isFinite(page) && page > 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(per) ? per : DEFAULT_FILTERS.pageSize,
  };
}

/** The inverse of filtersFromQuery; defaults are left out so plain URLs stay plain. */
export function filtersToQuery(f: Filters): Record<string, string> {
  const query: Record<string, string> = {};
  if (f.q.trim()) query.q = f.q.trim();
  if (f.group) query.groep = f.group;
  if (f.status) query.status = f.status;
  if (f.type) query.type = f.type;
  if (f.sort !== DEFAULT_FILTERS.sort) query.sort = f.sort;
  if (f.order !== DEFAULT_FILTERS.order) query.order = f.order;
  if (f.page > 1) query.page = String(f.page);
  if (f.pageSize !== DEFAULT_FILTERS.pageSize) query.per = String(f.pageSize);
  return query;
}
