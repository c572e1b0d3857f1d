import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { api, problemMessage, unwrap } from '../api/client';
import { DEFAULT_FILTERS, filterQuery, type Filters, type StudentPage } from './students-query';

export * from './students-query';
export const useStudentsStore = defineStore('students', () => {
  const filters = reactive<Filters>({ ...DEFAULT_FILTERS });
  const list = useStudentPage(filters);
  const { page, loading, error } = list;
  const { groups, loadGroups } = useGroups();
  const selection = useSelection(() => page.value?.total ?? 0);
  /** The list's last query string, so "Terug naar overzicht" returns to the same filter. */
  const lastQuery = ref<Record<string, string>>({});
  /** The school the list, groups and selection belong to. */
  const institutionId = ref<string | null>(null);

  /**
   * Called when the list opens for a school. Switching school drops everything of the previous
   * one: a selection made there must never be sent to the other school's endpoints.
   */
  function openInstitution(next: string) {
    if (institutionId.value === next) return;
    institutionId.value = next;
    list.dropAnswers();
    page.value = null;
    groups.value = [];
    lastQuery.value = {};
    selection.clearSelection();
  }

  /** Forget everything (logout): the next admin on this browser starts clean. */
  function reset() {
    institutionId.value = null;
    list.dropAnswers();
    Object.assign(filters, DEFAULT_FILTERS);
    page.value = null;
    groups.value = [];
    lastQuery.value = {};
    loading.value = false;
    error.value = null;
    selection.clearSelection();
  }

  return {
    institutionId,
    lastQuery,
    filters,
    page,
    groups,
    loading,
    error,
    ...selection,
    load: list.load,
    loadGroups,
    openInstitution,
    reset,
  };
});

/** The list's page for `filters`: only the answer to the latest request is shown. */
function useStudentPage(filters: Filters) {
  const page = ref<StudentPage | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let requestNo = 0;

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

  /** Answers still under way are dropped when they come. */
  function dropAnswers() {
    requestNo++;
  }

  return { page, loading, error, load, dropAnswers };
}

/** The school's groups for the filter, with their number of students. */
function useGroups() {
  const groups = ref<Array<{ name: string; count: number }>>([]);
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

  return { groups, loadGroups };
}

/** The selected students: ids one by one, or `allMatching` (all `total()` of the filter result). */
function useSelection(total: () => number) {
  /** Selected student ids; `allMatching` selects the whole filter result instead. */
  const selected = ref(new Set<string>());
  const allMatching = ref(false);
  const selectedCount = computed(() => (allMatching.value ? total() : selected.value.size));

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

  return { selected, allMatching, selectedCount, toggle, setPageSelection, clearSelection };
}
