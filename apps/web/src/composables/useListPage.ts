import { onMounted, reactive } from 'vue';
import { problemMessage } from '../api/client';

/** A success line of a list page, as an i18n key (translated when shown, so it follows the locale). */
export interface Status {
  key: string;
  values?: Record<string, unknown>;
}

export interface ListPage<T> {
  items: T[];
  loading: boolean;
  /** The last failure on the page (loading or a row's action). */
  error: string;
  status: Status | null;
  /**
   * Loads the rows; with `done`, shows that success line once they have loaded (an action that
   * changed the rows announces it only when the list shows the change; a failed reload shows
   * its error too).
   */
  load(done?: Status): Promise<void>;
  /**
   * Runs a change to the rows (a row's action), then reloads them with `done` as the success
   * line; a failed change shows its error (clearing the success line) and reloads the rows as
   * they are now. Resolves whether the change went through.
   */
  change(run: () => Promise<unknown>, done: Status): Promise<boolean>;
  /** Shows a success line (and clears the error); after a change to the rows, use load(done). */
  say(key: string, values?: Record<string, unknown>): void;
  /** Shows a failure (and clears the success line): a sentence, or anything a call threw. */
  fail(error: unknown): void;
}

/**
 * The state of a dashboard list page (Beheerders, API-sleutels, Scholen, Apps) or of a list on
 * a page (a student's apps): its rows, the loading flag, a success line and an error line
 * (BaseListPage shows them). The rows load on
 * mount unless the caller may not see them; `onLoadError` may take a load failure over (true:
 * handled, e.g. a 403 that turns the page into an explanation).
 */
export function useListPage<T>(
  fetch: () => Promise<T[]>,
  options: { forbidden?: () => boolean; onLoadError?: (error: unknown) => boolean } = {},
): ListPage<T> {
  const state = reactive({
    items: [] as T[],
    loading: true,
    error: '',
    status: null as Status | null,
    load,
    change,
    say,
    fail,
  }) as ListPage<T>;

  async function load(done?: Status) {
    if (done) {
      // The previous lines go now; the new one comes with the rows.
      state.status = null;
      state.error = '';
    }
    state.loading = true;
    try {
      state.items = await fetch();
    } catch (e) {
      if (!options.onLoadError?.(e)) state.error = problemMessage(e);
    } finally {
      state.loading = false;
    }
    if (done) state.status = done;
  }

  async function change(run: () => Promise<unknown>, done: Status) {
    try {
      await run();
    } catch (e) {
      fail(e);
      await load();
      return false;
    }
    await load(done);
    return true;
  }

  function say(key: string, values?: Record<string, unknown>) {
    state.error = '';
    state.status = { key, values };
  }

  function fail(error: unknown) {
    state.status = null;
    state.error = typeof error === 'string' ? error : problemMessage(error);
  }

  onMounted(() => {
    if (options.forbidden?.()) state.loading = false;
    else void load();
  });

  return state;
}
