import { reactive } from 'vue';
import { problemMessage } from '../api/client';
import { StepUpCancelled } from './step-up';

/** What a form shows of the round trip that submits it (BaseForm, BaseFormDialog). */
export interface FormState {
  busy: boolean;
  /** The sentence of the last failure ('' for none). */
  error: string;
  /** Counts refused submits: the form then puts focus on its first invalid field. */
  refused: number;
}

/**
 * One button's or one form's round trip to the API.
 *
 * - `busy` while it runs, so the button says so and a double submit cannot happen;
 * - `error`: the last failure as one sentence — `onError`'s when it gives one (`''` when it
 *   handled the failure itself, e.g. at a field), else `describe`'s (problemMessage);
 * - a cancelled step-up (the admin closed the second-factor dialog) is no failure: nothing shows;
 * - for forms: `submitted` (field errors show from the first submit on) and `refused`
 *   (a submit that did not pass the checks, or that the server refused at a field).
 *
 * The state is one reactive object, so templates read `save.busy` and `save.error` directly.
 */
export function useAsyncAction(describe: (error: unknown) => string = problemMessage) {
  const state = reactive({
    busy: false,
    error: '',
    submitted: false,
    refused: 0,
    run,
    submit,
    refuse,
    reset,
  });

  /** Runs `action`; resolves to whether it succeeded. */
  async function run(
    action: () => Promise<unknown>,
    onError?: (error: unknown) => string | undefined | void,
  ): Promise<boolean> {
    state.error = '';
    state.busy = true;
    try {
      await action();
      return true;
    } catch (e) {
      if (!(e instanceof StepUpCancelled)) state.error = onError?.(e) ?? describe(e);
      return false;
    } finally {
      state.busy = false;
    }
  }

  /** A form's submit: refused (focus to the first invalid field) while `invalid()`, else run. */
  async function submit(
    invalid: () => boolean,
    action: () => Promise<unknown>,
    onError?: (error: unknown) => string | undefined | void,
  ): Promise<boolean> {
    state.submitted = true;
    state.error = '';
    if (invalid()) {
      refuse();
      return false;
    }
    return run(action, onError);
  }

  function refuse() {
    state.refused += 1;
  }

  /** Back to a fresh form (a dialog opened again). */
  function reset() {
    state.submitted = false;
    state.error = '';
  }

  return state;
}

export type AsyncAction = ReturnType<typeof useAsyncAction>;
