import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * A select's options (BaseSelect) whose labels are the messages `<prefix>.<value>`; computed, so
 * they follow a language switch.
 */
export function useMessageOptions<const V extends string>(
  prefix: string,
  values: readonly V[],
): ComputedRef<Array<{ value: V; label: string }>> {
  const { t } = useI18n();
  return computed(() => values.map((value) => ({ value, label: t(`${prefix}.${value}`) })));
}
