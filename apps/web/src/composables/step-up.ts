import { readonly, ref } from 'vue';
import { api, ApiError, unwrap } from '../api/client';
import { signWithPasskey } from './passkeys';

// Step-up: a sensitive action answered 403 `step_up_required` (the second factor is older than
// 15 minutes). The action is wrapped in withStepUp: the StepUpDialog (in AdminLayout) asks for
// a passkey or a code, and the action runs again once the factor is proven; cancelling the
// dialog rejects with StepUpCancelled, which callers show as nothing at all.

export class StepUpCancelled extends Error {
  constructor() {
    super('step-up cancelled');
    this.name = 'StepUpCancelled';
  }
}

const pending = ref<((ok: boolean) => void) | null>(null);
/** Whether the dialog is asked for; the dialog answers with finishStepUp. */
export const stepUpAsked = readonly(pending);

export function finishStepUp(ok: boolean) {
  const resolve = pending.value;
  pending.value = null;
  resolve?.(ok);
}

export async function withStepUp<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (e) {
    if (!(e instanceof ApiError) || e.problem.code !== 'step_up_required') throw e;
    const ok = await new Promise<boolean>((resolve) => {
      pending.value = resolve;
    });
    if (!ok) throw new StepUpCancelled();
    return action();
  }
}

export async function stepUpWithPasskey(): Promise<void> {
  const options = unwrap(await api.POST('/api/v1/auth/step-up/passkey/options'));
  const credential = await signWithPasskey(options);
  unwrap(
    await api.POST('/api/v1/auth/step-up/passkey', { body: { credential: credential as never } }),
  );
}

export async function stepUpWithCode(code: string): Promise<void> {
  unwrap(await api.POST('/api/v1/auth/step-up/totp', { body: { code } }));
}
