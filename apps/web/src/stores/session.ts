import { defineStore } from 'pinia';
import { computed, ref, type Ref } from 'vue';
import { api, unwrap, type Ok } from '../api/client';
import type { paths } from '../api/schema';

type Me = Ok<'/api/v1/auth/me', 'get'>;
type Pending = paths['/api/v1/auth/login']['post']['responses'][202]['content']['application/json'];
export type SecondFactorPending = Pending['secondFactor'];

export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const loaded = ref(false);
  const factor = useFactorCheck();
  const institution = useCurrentInstitution(me);
  const secondStep = useSecondStep(me, loaded);

  /** Asks the API who is logged in; the router guard calls it once per page load. */
  async function load() {
    try {
      const res = await api.GET('/api/v1/auth/me');
      me.value = res.response.ok ? (res.data as Me) : null;
      if (me.value) await factor.checkFactor();
      loaded.value = true;
    } catch {
      // Server unreachable: treat as logged out for now and ask again on the next navigation.
      me.value = null;
    }
  }

  /** The API answered 401 to a call: the session ended (idle or absolute timeout). */
  function expire() {
    me.value = null;
  }

  /**
   * The password step. Returns what the second step needs when the API answers 202 (a pending
   * login, not yet a session); null when the admin is logged in.
   */
  async function login(email: string, password: string): Promise<SecondFactorPending | null> {
    const res = await api.POST('/api/v1/auth/login', { body: { email, password } });
    const body = unwrap(res) as Me | Pending;
    if (res.response.status === 202 && 'secondFactor' in body) return body.secondFactor;
    me.value = body as Me;
    await factor.checkFactor();
    loaded.value = true;
    return null;
  }

  async function logout() {
    await api.POST('/api/v1/auth/logout');
    me.value = null;
  }

  return { me, loaded, ...factor, ...institution, load, expire, login, ...secondStep, logout };
});

/** The policy's hold on an admin without a second factor, and the question that renews it. */
function useFactorCheck() {
  /** The policy requires a second factor and none is set up: only "Beveiliging" is reachable. */
  const needsFactor = ref(false);

  /** Asks whether the policy holds this admin until a second factor is set up. */
  async function checkFactor() {
    const res = await api.GET('/api/v1/me/security');
    const s = res.response.ok ? res.data : undefined;
    needsFactor.value = !!s && s.required && !s.totp.enabled && s.passkeys.count === 0;
  }

  return { needsFactor, checkFactor };
}

/** The school the dashboard works in: the one chosen last on this browser, else the first. */
function useCurrentInstitution(me: Ref<Me | null>) {
  const currentIid = ref<string | null>(localStorage.getItem('iid'));
  const institutions = computed(() => me.value?.institutions ?? []);
  const current = computed(
    () =>
      institutions.value.find((i) => i.institutionId === currentIid.value) ??
      institutions.value[0] ??
      null,
  );
  const role = computed(() => current.value?.role ?? null);

  function selectInstitution(iid: string) {
    currentIid.value = iid;
    localStorage.setItem('iid', iid);
  }

  return { institutions, current, role, currentIid, selectInstitution };
}

/** The second step of a pending login (or a passkey alone): each answers with the session. */
function useSecondStep(me: Ref<Me | null>, loaded: Ref<boolean>) {
  /** The second step with a passkey (the browser's answer to the API's options). */
  async function loginWithPasskey(credential: unknown) {
    me.value = unwrap(
      await api.POST('/api/v1/auth/login/passkey', { body: { credential: credential as never } }),
    );
    loaded.value = true;
  }

  /** A login with a discoverable passkey alone. */
  async function loginPasswordless(credential: unknown) {
    me.value = unwrap(
      await api.POST('/api/v1/auth/login/passwordless', {
        body: { credential: credential as never },
      }),
    );
    loaded.value = true;
  }

  /** The second step with a code of the authenticator app. */
  async function loginWithCode(code: string) {
    me.value = unwrap(await api.POST('/api/v1/auth/login/totp', { body: { code } }));
    loaded.value = true;
  }

  /** The second step with a recovery code instead of the factor. */
  async function loginWithRecoveryCode(code: string) {
    me.value = unwrap(await api.POST('/api/v1/auth/login/recovery', { body: { code } }));
    loaded.value = true;
  }

  return { loginWithCode, loginWithPasskey, loginPasswordless, loginWithRecoveryCode };
}
