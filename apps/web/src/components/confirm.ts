import { shallowRef } from 'vue';

/** An "Are you sure?" about one row, as BaseConfirmQuestion shows it (useConfirm). */
export interface ConfirmQuestion {
  /** Whether a row waits for the answer: the dialog shows while it does. */
  readonly open: boolean;
  /** The waiting row's values for the dialog's messages. */
  readonly values: Record<string, unknown>;
  /** The confirmed round trip while the dialog stays open (its busy button and its error). */
  readonly action?: { busy: boolean; error?: string };
  close: () => void;
  confirm: () => Promise<void>;
}

/**
 * The row an "Are you sure?" dialog (BaseConfirmQuestion) is open for: `ask(row)` opens it with
 * `values(row)` for its messages, Cancel or Escape closes it, and the confirming button runs
 * `run(row)`, which reports its outcome on the page. The dialog closes before `run`; with an
 * `action` (useAsyncAction) that `run` goes through, it stays open, its button busy, until
 * `run` closes it (a step-up may come in between, and a cancelled step-up leaves it open).
 */
export function useConfirm<T>(
  run: (row: T) => unknown,
  values: (row: T) => Record<string, unknown> = () => ({}),
  action?: { busy: boolean; error?: string },
): ConfirmQuestion & { ask: (row: T) => void } {
  const row = shallowRef<T | null>(null);
  return {
    get open() {
      return row.value !== null;
    },
    get values() {
      return row.value === null ? {} : values(row.value);
    },
    action,
    ask: (r) => {
      row.value = r;
    },
    close: () => {
      row.value = null;
    },
    confirm: async () => {
      const r = row.value;
      if (r === null) return;
      if (!action) row.value = null;
      await run(r);
    },
  };
}
