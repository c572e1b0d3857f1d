import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { api, unwrap, type Ok } from '../api/client';

export type StudentPage = Ok<'/api/v1/institutions/{iid}/students', 'get'>;
export type StudentRow = StudentPage['items'][number];
export type SortKey = 'stamnummer' | 'firstName' | 'lastName' | 'group' | 'status' | 'type';
export type Status = 'none' | 'active' | 'inactive' | 'blocked';

export interface Filters {
  q: string;
  group: string;
  status: '' | Status;
  type: '' | 'basic' | 'advanced' | 'none';
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
  let requestNo = 0;

  const selectedCount = computed(() =>
    allMatching.value ? (page.value?.total ?? 0) : selected.value.size,
  );

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
      if (no === requestNo) error.value = (e as Error).message;
    } finally {
      if (no === requestNo) loading.value = false;
    }
  }

  let groupsFor = '';
  async function loadGroups(iid: string) {
    groupsFor = iid;
    const data = unwrap(
      await api.GET('/api/v1/institutions/{iid}/groups', { params: { path: { iid } } }),
    );
    // A slower answer for the school the admin just left must not overwrite the new one.
    if (groupsFor === iid) groups.value = data;
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

  return {
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
  };
});
