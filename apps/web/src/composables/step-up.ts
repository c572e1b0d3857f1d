import { readonly, ref } from 'vue';
import { api, ApiError, unwrap } from '../api/client';
import type { ProblemCode } from '../api/problem';
import { signWithPasskey } from './passkeys';

// Step-up: a sensitive action answered 403 `step_up_required` (the second factor is older than
// 15 minutes). The action is wrapped in withStepUp: the StepUpDialog (in AdminLayout) asks for
// a passkey or a code, and the action runs again once the factor is proven; cancelling the
// dialog rejects with StepUpCancelled, which callers show as nothing at all.
// An admin without any factor who adds the first one is answered 403
// `password_confirmation_required` instead ("sudo mode": the session cookie alone must not
// enrol a factor); withStepUp then asks for the password in the PasswordConfirmDialog (also in
// AdminLayout) and retries the same way.

export class StepUpCancelled extends Error {
  constructor() {
    super('step-up cancelled');
    this.name = 'StepUpCancelled';
  }
}

type Answer = (ok: boolean) => void;
const pending = ref<Answer | null>(null);
const passwordPending = ref<Answer | null>(null);
/** Whether the dialog is asked for; the dialog answers with finishStepUp. */
export const stepUpAsked = readonly(pending);
/** Whether the password dialog is asked for; it answers with finishPasswordConfirmation. */
export const passwordAsked = readonly(passwordPending);

function finish(asked: typeof pending, ok: boolean) {
  const resolve = asked.value;
  asked.value = null;
  resolve?.(ok);
}

export const finishStepUp = (ok: boolean) => finish(pending, ok);
export const finishPasswordConfirmation = (ok: boolean) => finish(passwordPending, ok);

/** The dialog that answers each problem code a dialog can answer. */
const DIALOGS: Partial<Record<ProblemCode, typeof pending>> = {
  step_up_required: pending,
  password_confirmation_required: passwordPending,
};
const dialogFor = (e: unknown) => (e instanceof ApiError ? DIALOGS[e.problem.code] : undefined);

export async function withStepUp<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (e) {
    const asked = dialogFor(e);
    if (!asked) throw e;
    const ok = await new Promise<boolean>((resolve) => {
      asked.value = resolve;
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

/** The session confirms the admin's password; a wrong one is 401 `invalid_credentials`. */
export async function confirmPassword(password: string): Promise<void> {
  unwrap(await api.POST('/api/v1/me/security/confirm-password', { body: { password } }));
}
