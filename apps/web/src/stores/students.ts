import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { LocationQuery } from 'vue-router';
import { api, problemMessage, unwrap, type Ok } from '../api/client';

export type StudentPage = Ok<'/api/v1/institutions/{iid}/students', 'get'>;
export type StudentRow = StudentPage['items'][number];
export const SORT_KEYS = [
  'stamnummer',
  'firstName',
  'lastName',
  'group',
  'status',
  'type',
] as const;
export const STATUSES = ['none', 'active', 'inactive', 'blocked'] as const;
export const TYPES = ['basic', 'advanced', 'none'] as const;
export const PAGE_SIZES = [25, 50, 100] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Status = (typeof STATUSES)[number];
export type TypeFilter = (typeof TYPES)[number];

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

export const useStudentsStore = defineStore('students', () => {
  const filters = reactive<Filters>({ ...DEFAULT_FILTERS });
  const page = ref<StudentPage | null>(null);
  const groups = ref<Array<{ name: string; count: number }>>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** Selected student ids; `allMatching` selects the whole filter result instead. */
  const selected = ref(new Set<string>());
  const allMatching = ref(false);
  /** The list's last query string, so "Terug naar overzicht" returns to the same filter. */
  const lastQuery = ref<Record<string, string>>({});
  /** The school the list, groups and selection belong to. */
  const institutionId = ref<string | null>(null);
  let requestNo = 0;

  const selectedCount = computed(() =>
    allMatching.value ? (page.value?.total ?? 0) : selected.value.size,
  );

  /**
   * Called when the list opens for a school. Switching school drops everything of the previous
   * one: a selection made there must never be sent to the other school's endpoints.
   */
  function openInstitution(next: string) {
    if (institutionId.value === next) return;
    institutionId.value = next;
    requestNo++;
    page.value = null;
    groups.value = [];
    lastQuery.value = {};
    clearSelection();
  }

  async function load(iid: string) {
    const no = ++requestNo;
    loading.value = true;
    error.value = null;
    try {
      const data = unwrap(
        await api.GET('/api/v1/institutions/{iid}/students', {
          params: {
            path: { iid },
            query: {
              ...filterQuery(filters),
              sort: filters.sort,
              order: filters.order,
              page: filters.page,
              pageSize: filters.pageSize,
            },
          },
        }),
      );
      if (no === requestNo) page.value = data;
    } catch (e) {
      if (no === requestNo) error.value = problemMessage(e);
    } finally {
      if (no === requestNo) loading.value = false;
    }
  }

  let groupsFor = '';
  async function loadGroups(iid: string) {
    groupsFor = iid;
    try {
      const data = unwrap(
        await api.GET('/api/v1/institutions/{iid}/groups', { params: { path: { iid } } }),
      );
      // A slower answer for the school the admin just left must not overwrite the new one.
      if (groupsFor === iid) groups.value = data;
    } catch (e) {
      // The list itself reports the problem; without groups the filter just offers "Alle".
      if (groupsFor === iid) groups.value = [];
      console.warn('groups', problemMessage(e));
    }
  }

  function toggle(id: string) {
    allMatching.value = false;
    const next = new Set(selected.value);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selected.value = next;
  }

  function setPageSelection(ids: string[], on: boolean) {
    allMatching.value = false;
    const next = new Set(selected.value);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    selected.value = next;
  }

  function clearSelection() {
    selected.value = new Set();
    allMatching.value = false;
  }

  /** Forget everything (logout): the next admin on this browser starts clean. */
  function reset() {
    institutionId.value = null;
    requestNo++;
    Object.assign(filters, DEFAULT_FILTERS);
    page.value = null;
    groups.value = [];
    lastQuery.value = {};
    loading.value = false;
    error.value = null;
    clearSelection();
  }

  return {
    institutionId,
    lastQuery,
    filters,
    page,
    groups,
    loading,
    error,
    selected,
    allMatching,
    selectedCount,
    load,
    loadGroups,
    toggle,
    setPageSelection,
    clearSelection,
    openInstitution,
    reset,
  };
});
