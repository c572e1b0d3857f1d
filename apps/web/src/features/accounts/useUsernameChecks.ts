import { canonicalUsername, usernameMessages, validateUsername } from '@schoolloket/core';
import { computed, onUnmounted, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Locale } from '../../i18n';
import { checkUsernames, type UsernameCheck } from './account-api';
import type { Row } from './bulk-rows';

/**
 * The live check of the bulk creation: every included row's name against the registry and the
 * other rows, asked again (debounced) whenever a name or the selection changes; an answer for an
 * older state is dropped, and a check is used only while the row still shows the name it checked.
 */
export function useUsernameChecks(iid: () => string, included: Ref<Row[]>) {
  const { t, locale } = useI18n();
  const checks = useLiveChecks(iid, included);

  /** A typed name that breaks the username rules (a proposed one never does). */
  function problem(row: Row): string {
    if (!row.edited) return '';
    const r = validateUsername(canonicalUsername(row.username));
    return r.ok ? '' : usernameMessages[locale.value as Locale][r.error];
  }

  /** The live check's finding for a row: blocking unless a proposed name merely got a counter. */
  function conflict(row: Row): { message: string; blocking: boolean } | null {
    const c = checks.value[row.p.studentId];
    if (!c || c.username !== canonicalUsername(row.username)) return null;
    if (c.status === 'taken')
      return row.edited
        ? { message: t('accounts.bulk.taken'), blocking: true }
        : { message: t('accounts.bulk.takenProposed'), blocking: false };
    if (c.status === 'duplicate' && c.other)
      return {
        message: t('accounts.bulk.duplicate', {
          name: `${c.other.p.firstName} ${c.other.p.lastName}`,
        }),
        blocking: true,
      };
    return null;
  }

  const message = (row: Row) => problem(row) || conflict(row)?.message || '';
  const isError = (row: Row) => !!problem(row) || !!conflict(row)?.blocking;
  const blocked = computed(() => included.value.some((r) => conflict(r)?.blocking));
  const invalid = computed(
    () => blocked.value || included.value.some((r) => !!problem(r) || !r.username),
  );
  return { message, isError, blocked, invalid };
}

/** The live check's answer for a row, with the other row when the name is twice in the batch. */
type LiveCheck = UsernameCheck & { other?: Row };

/**
 * The live check's answers by student id: the included rows' names, asked again 300 ms after the
 * last change; an answer for an older state is dropped.
 */
function useLiveChecks(iid: () => string, included: Ref<Row[]>): Ref<Record<string, LiveCheck>> {
  const checks = ref<Record<string, LiveCheck>>({});
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  const key = computed(() =>
    included.value.map((r) => `${r.p.studentId}:${canonicalUsername(r.username)}`).join('\n'),
  );
  watch(key, () => {
    clearTimeout(timer);
    const mine = ++seq;
    timer = setTimeout(async () => {
      const list = included.value.filter((r) => r.username.trim());
      if (!list.length) return void (checks.value = {});
      try {
        const items = await checkUsernames(
          iid(),
          list.map((r) => r.username),
        );
        if (mine !== seq) return;
        checks.value = Object.fromEntries(
          items.map((c, i) => [
            list[i]!.p.studentId,
            { ...c, ...(c.row ? { other: list[c.row - 1] } : {}) },
          ]),
        );
      } catch {
        // The creation checks again; a failed live check only loses the early warning.
      }
    }, 300);
  });
  onUnmounted(() => clearTimeout(timer));
  return checks;
}
