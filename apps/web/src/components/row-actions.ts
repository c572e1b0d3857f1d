import { useI18n } from 'vue-i18n';

/** One button of a row, a panel or a bar (BaseRowActions). */
export interface RowAction {
  /** data-test of the button. */
  test: string;
  label: string;
  /**
   * The label with the row's name, for who hears the button out of its row; none where the
   * label says enough (a panel's or a bar's buttons).
   */
  aria?: string;
  run: () => unknown;
  /** The button's look; a link by default (a table row's actions). */
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  busy?: boolean;
  disabled?: boolean;
  /** More attributes for the button (a data- attribute to find it again). */
  attrs?: Record<string, string>;
}

/**
 * Builds a row's actions from message keys: the label is `key`, the accessible name
 * `<key>For` with the row's values (`{ name }`), as every list's messages have them.
 * An action whose `show` is false is left out.
 */
export function useRowAction() {
  const { t } = useI18n();
  return (
    key: string,
    values: Record<string, unknown>,
    test: string,
    run: () => unknown,
    more: { show?: boolean; busy?: boolean; attrs?: Record<string, string> } = {},
  ): RowAction[] =>
    more.show === false
      ? []
      : [
          {
            test,
            label: t(key),
            aria: t(`${key}For`, values),
            run,
            busy: more.busy,
            attrs: more.attrs,
          },
        ];
}

/**
 * A button of a panel or an action bar (no row to name): a secondary button unless `more` says
 * otherwise (`variant`, `disabled`, `busy`).
 */
export function panelAction(
  test: string,
  label: string,
  run: () => unknown,
  more: Pick<RowAction, 'variant' | 'disabled' | 'busy'> = {},
): RowAction {
  return { test, label, run, variant: 'secondary', ...more };
}
