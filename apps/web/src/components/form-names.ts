import { inject, provide, type InjectionKey } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * What a form (BaseFormDialog) tells the fields in it: the prefix of their label keys
 * (`messages`) and of their data-test (`test`).
 */
export interface FormNames {
  messages?: string;
  test: string;
}

const key: InjectionKey<FormNames> = Symbol('form names');

export function provideFormNames(names: FormNames) {
  provide(key, names);
}

/**
 * The label and data-test of a field named `field` in its form: the message `<messages>.<field>`
 * and `<test>-<field>`; a label or data-test of the field's own comes first.
 */
export function useFieldNames(props: { label?: string; field?: string }, ownTest: () => unknown) {
  const form = inject(key, null);
  const { t } = useI18n();
  return {
    label: () => props.label ?? t(`${form?.messages}.${props.field}`),
    test: () => ownTest() ?? (form && props.field ? `${form.test}-${props.field}` : undefined),
  };
}
