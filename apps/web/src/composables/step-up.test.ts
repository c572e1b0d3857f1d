import { describe, expect, it, jest } from '@jest/globals';
import { ApiError, type ProblemCode } from '../api/problem';

// The real client loads every message file (dynamic imports jest does not resolve here); the
// POSTs are recorded instead.
const posted: Array<{ path: string; body: unknown }> = [];
jest.unstable_mockModule('../api/client', () => ({
  ApiError,
  api: {
    POST: async (path: string, init?: { body?: unknown }) => {
      posted.push({ path, body: init?.body });
      return { data: undefined, response: new Response(null, { status: 204 }) };
    },
  },
  unwrap: (r: { data?: unknown }) => r.data,
}));
jest.unstable_mockModule('./passkeys', () => ({ signWithPasskey: async () => ({}) }));
const {
  confirmPassword,
  finishPasswordConfirmation,
  finishStepUp,
  passwordAsked,
  stepUpAsked,
  StepUpCancelled,
  withStepUp,
} = await import('./step-up');

const refused = (code: ProblemCode, status = 403) =>
  new ApiError({ type: 'about:blank', title: 'T', status, detail: 'D', code });

/** An action that fails with `first` once, then answers 'done'; and how often it ran. */
function action(first: ApiError) {
  const calls = { n: 0 };
  const run = async () => {
    calls.n += 1;
    if (calls.n === 1) throw first;
    return 'done';
  };
  return { run, calls };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('withStepUp', () => {
  it('asks for the password on password_confirmation_required and retries once confirmed', async () => {
    const { run, calls } = action(refused('password_confirmation_required'));
    const result = withStepUp(run);
    await settled();
    expect([!!passwordAsked.value, !!stepUpAsked.value]).toEqual([true, false]);
    finishPasswordConfirmation(true);
    await expect(result).resolves.toBe('done');
    expect(calls.n).toBe(2);
    expect(passwordAsked.value).toBeNull();
  });

  it('asks for the factor on step_up_required; closing the dialog cancels the action', async () => {
    const { run, calls } = action(refused('step_up_required'));
    const result = withStepUp(run);
    await settled();
    expect([!!passwordAsked.value, !!stepUpAsked.value]).toEqual([false, true]);
    finishStepUp(false);
    await expect(result).rejects.toBeInstanceOf(StepUpCancelled);
    expect(calls.n).toBe(1);
  });

  it('a cancelled password dialog cancels too; other errors pass through without a dialog', async () => {
    const asked = withStepUp(action(refused('password_confirmation_required')).run);
    await settled();
    finishPasswordConfirmation(false);
    await expect(asked).rejects.toBeInstanceOf(StepUpCancelled);
    const wrong = refused('invalid_credentials', 401);
    await expect(withStepUp(action(wrong).run)).rejects.toBe(wrong);
    expect([passwordAsked.value, stepUpAsked.value]).toEqual([null, null]);
  });
});

describe('confirmPassword', () => {
  it('sends the password to the session’s confirmation', async () => {
    await confirmPassword('correct horse');
    expect(posted).toEqual([
      { path: '/api/v1/me/security/confirm-password', body: { password: 'correct horse' } },
    ]);
  });
});
