import { computed, inject, provide, reactive, type InjectionKey } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import { api, ApiError, problemMessage, unwrap, type Ok } from '../../api/client';
import { passkeyCancelled, passkeysSupported, signWithPasskey } from '../../composables/passkeys';
import { useAsyncAction } from '../../composables/useAsyncAction';
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
  const { t } = useI18n();
  const session = useSessionStore();
  const router = useRouter();
  const route = useRoute();
  // After setting a password through a mailed link, the address comes along (?email=…) and
  // the password field gets the focus.
  const prefilled = typeof route.query.email === 'string' ? route.query.email : '';
  const action = useAsyncAction((e) => {
    if (!(e instanceof ApiError && e.problem.status === 429)) return problemMessage(e);
    const minutes = Math.ceil((e.retryAfterSeconds ?? 60) / 60);
    return t('login.locked', { minutes }, minutes);
  });
  const state = reactive({
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
    submit,
    submitCode,
    submitPasskey,
    restart,
  });

  /** Only a path inside this app: `next` comes from the URL, so it must not lead elsewhere. */
  function nextPath(): string {
    const next = route.query.next;
    return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  }

  /** Runs one step; a failure is the first case that applies, or the general sentence. */
  const attempt = (step: () => Promise<void>, cases: Case[], onFail?: () => void) =>
    action.run(step, (e) => {
      onFail?.();
      return cases.find(([applies]) => applies(e))?.[1]();
    });
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
      if (!second) return void (await router.replace(nextPath()));
      state.pending = second;
      if (second.setupRequired)
        state.setup = unwrap(await api.POST('/api/v1/auth/login/totp/setup'));
      state.usePasskey = state.canPasskey && second.methods.includes('passkey');
    }, [[status(401), () => t('login.failed')]]);
  }

  function submitCode() {
    return attempt(
      async () => {
        if (state.recovery) await session.loginWithRecoveryCode(state.code.trim());
        else await session.loginWithCode(state.code.replace(/\s/g, ''));
        await router.replace(nextPath());
      },
      [
        [
          problemCode('invalid_code'),
          () => t(state.recovery ? 'login.recoveryFailed' : 'login.codeFailed'),
        ],
        expired,
      ],
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
        const path = alone
          ? '/api/v1/auth/login/passwordless/options'
          : '/api/v1/auth/login/passkey/options';
        const credential = await signWithPasskey(unwrap(await api.POST(path)));
        if (alone) await session.loginPasswordless(credential);
        else await session.loginWithPasskey(credential);
        await router.replace(nextPath());
      },
      alone ? [refused] : [refused, expired],
    );
  }

  function restart() {
    state.pending = null;
    state.usePasskey = false;
    state.setup = null;
    state.code = '';
    state.recovery = false;
  }

  return state;
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
