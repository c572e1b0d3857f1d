import { computed, inject, provide, reactive, type InjectionKey } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter, type RouteLocationNormalizedLoaded } from 'vue-router';
import { api, ApiError, problemMessage, unwrap, type Ok } from '../../api/client';
import { passkeyCancelled, passkeysSupported, signWithPasskey } from '../../composables/passkeys';
import { useAsyncAction, type AsyncAction } from '../../composables/useAsyncAction';
import { useSessionStore, type SecondFactorPending } from '../../stores/session';

type Setup = Ok<'/api/v1/auth/login/totp/setup', 'post'>;
/** A failure the step explains itself: when it applies, and the sentence. */
type Case = [applies: (e: unknown) => boolean, say: () => string];

const status = (code: number) => (e: unknown) => e instanceof ApiError && e.problem.status === code;
const problemCode = (code: string) => (e: unknown) =>
  e instanceof ApiError && e.problem.code === code;

/**
 * The dashboard login, both steps (LoginView: e-mail and password; LoginSecondStep: the app's
 * code, a recovery code or a passkey, and the set-up of the app when the policy asks for it).
 * One state for both, as a failure of the second step may send the admin back to the first.
 */
function createLogin() {
  const action = useLoginAction();
  const state = loginState(action);
  return Object.assign(state, useLoginSteps(state, action));
}

/** The login's round trip: a lock-out (429) says for how many minutes, else the problem. */
function useLoginAction(): AsyncAction {
  const { t } = useI18n();
  return useAsyncAction((e) => {
    if (!(e instanceof ApiError && e.problem.status === 429)) return problemMessage(e);
    const minutes = Math.ceil((e.retryAfterSeconds ?? 60) / 60);
    return t('login.locked', { minutes }, minutes);
  });
}

type LoginState = ReturnType<typeof loginState>;

/** What both steps show and fill in. */
function loginState(action: AsyncAction) {
  const route = useRoute();
  // After setting a password through a mailed link, the address comes along (?email=…) and
  // the password field gets the focus.
  const prefilled = typeof route.query.email === 'string' ? route.query.email : '';
  return reactive({
    prefilled,
    email: prefilled,
    password: '',
    /** The second step: after the password the API holds a pending login (no session yet). */
    pending: null as SecondFactorPending | null,
    setup: null as Setup | null,
    code: '',
    /** A recovery code instead of the app's code (not while the policy holds it for set-up). */
    recovery: false,
    /** The passkey instead of the app's code: the first choice when the admin has one. */
    usePasskey: false,
    canPasskey: passkeysSupported(),
    action,
    /** What the login's inputs get: invalid, and described by the error, while there is one. */
    invalid: computed(() =>
      action.error
        ? { 'aria-invalid': true as const, 'aria-describedby': 'login-error' }
        : { 'aria-invalid': undefined, 'aria-describedby': undefined },
    ),
  });
}

/** Only a path inside this app: `next` comes from the URL, so it must not lead elsewhere. */
function nextPath(route: RouteLocationNormalizedLoaded): string {
  const next = route.query.next;
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** The passkey's signature for a pending login's second step, or alone (passwordless). */
async function passkeyCredential(alone: boolean) {
  const path = alone
    ? '/api/v1/auth/login/passwordless/options'
    : '/api/v1/auth/login/passkey/options';
  return signWithPasskey(unwrap(await api.POST(path)));
}

/** What the steps share: the texts, the session, attempt() and the way on after the login. */
function useStepTools(action: AsyncAction) {
  const { t } = useI18n();
  const session = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  /** Runs one step; a failure is the first case that applies, or the general sentence. */
  const attempt = (step: () => Promise<void>, cases: Case[], onFail?: () => void) =>
    action.run(step, (e) => {
      onFail?.();
      return cases.find(([applies]) => applies(e))?.[1]();
    });
  const proceed = () => router.replace(nextPath(route));
  return { t, session, attempt, proceed };
}

/** Back to the first step: the pending login and what the second step chose are forgotten. */
function restartLogin(state: LoginState) {
  state.pending = null;
  state.usePasskey = false;
  state.setup = null;
  state.code = '';
  state.recovery = false;
}

/** The login's submits: the password, the second step's code or passkey, and the way back. */
function useLoginSteps(state: LoginState, action: AsyncAction) {
  const { t, session, attempt, proceed } = useStepTools(action);
  const restart = () => restartLogin(state);
  const expired: Case = [
    status(401),
    () => {
      restart();
      return t('login.pendingExpired');
    },
  ];

  function submit() {
    return attempt(async () => {
      const second = await session.login(state.email.trim(), state.password);
      state.password = '';
      if (!second) return void (await proceed());
      state.pending = second;
      if (second.setupRequired)
        state.setup = unwrap(await api.POST('/api/v1/auth/login/totp/setup'));
      state.usePasskey = state.canPasskey && second.methods.includes('passkey');
    }, [[status(401), () => t('login.failed')]]);
  }

  function submitCode() {
    const failed = () => t(state.recovery ? 'login.recoveryFailed' : 'login.codeFailed');
    return attempt(
      async () => {
        if (state.recovery) await session.loginWithRecoveryCode(state.code.trim());
        else await session.loginWithCode(state.code.replace(/\s/g, ''));
        await proceed();
      },
      [[problemCode('invalid_code'), failed], expired],
      () => (state.code = ''),
    );
  }

  /** A passkey: as the second step of a pending login, or alone (passwordless). */
  function submitPasskey(alone: boolean) {
    const refused: Case = [
      (e) => passkeyCancelled(e) || problemCode('passkey_refused')(e),
      () => t('login.passkeyFailed'),
    ];
    return attempt(
      async () => {
        const credential = await passkeyCredential(alone);
        if (alone) await session.loginPasswordless(credential);
        else await session.loginWithPasskey(credential);
        await proceed();
      },
      alone ? [refused] : [refused, expired],
    );
  }

  return { submit, submitCode, submitPasskey, restart };
}

export type Login = ReturnType<typeof createLogin>;
const key: InjectionKey<Login> = Symbol('login');

/** The login's state for LoginView and the steps inside it. */
export function provideLogin(): Login {
  const login = createLogin();
  provide(key, login);
  return login;
}

export function useLogin(): Login {
  const login = inject(key);
  if (!login) throw new Error('useLogin outside LoginView');
  return login;
}
