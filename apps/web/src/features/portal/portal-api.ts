import createClient from 'openapi-fetch';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, unwrap, type Ok } from '../../api/client';
import type { paths } from '../../api/schema';
import { i18n } from '../../i18n';

// The portal has its own client: a 401 here (wrong password, ended portal session) must not be
// taken for an ended admin session by the dashboard's client middleware.
export const portalApi = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });

export type PortalMe = Ok<'/api/v1/portal/me', 'get'>;
export type Picture = Ok<'/api/v1/pictures', 'get'>[number];
export type ActivationInfo = Ok<'/api/v1/co-accounts/activation/{token}', 'get'>;
export type Locale = 'nl' | 'fr' | 'en';

export const currentLocale = () => i18n.global.locale.value as Locale;
/** Server-side messages (password rules) in the language on screen, not the browser's. */
export const languageHeader = () => ({ 'accept-language': currentLocale() });

export const usePortalStore = defineStore('portal', () => {
  const me = ref<PortalMe | null>(null);
  const loaded = ref(false);

  async function load(): Promise<PortalMe | null> {
    try {
      const res = await portalApi.GET('/api/v1/portal/me');
      me.value = res.response.ok ? (res.data as PortalMe) : null;
    } catch {
      me.value = null;
    }
    loaded.value = true;
    return me.value;
  }

  async function login(username: string, secret: { password: string } | { pictures: string[] }) {
    const result = unwrap(
      await portalApi.POST('/api/v1/portal/login', { body: { username, ...secret } }),
    );
    await load();
    return result;
  }

  async function logout() {
    await portalApi.POST('/api/v1/portal/logout');
    me.value = null;
  }

  return { me, loaded, load, login, logout };
});

/** Field errors of a 422 (password rules), already in the user's language. */
export function fieldMessages(error: unknown, path?: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem.errors ?? []).filter((e) => !path || e.path === path).map((e) => e.message);
}

/** One sentence for anything a portal call throws. */
export function portalProblem(error: unknown): string {
  const t = (key: string, values?: Record<string, unknown>) =>
    (i18n.global as unknown as { t: (k: string, v?: Record<string, unknown>) => string }).t(
      key,
      values ?? {},
    );
  if (error instanceof ApiError) {
    const p = error.problem;
    if (p.code === 'too_many_requests') {
      const minutes = Math.ceil((error.retryAfterSeconds ?? 60) / 60);
      return minutes > 1 ? t('portal.login.locked', { minutes }) : t('portal.login.lockedSoon');
    }
    if (p.code === 'unauthenticated') return t('portal.problems.session');
    if (p.errors?.length) return p.errors.map((e) => e.message).join(' ');
    if (p.status >= 500) return t('portal.problems.generic');
    return p.detail || t('portal.problems.generic');
  }
  if (error instanceof TypeError) return t('portal.problems.network');
  return t('portal.problems.generic');
}

/** A pending app sign-in (`/aanmelden?app=<uid>`): the id of the provider's interaction. */
export function pendingAppSignIn(query: Record<string, unknown>): string | null {
  const uid = query.app;
  return typeof uid === 'string' && /^[A-Za-z0-9_-]{10,64}$/.test(uid) ? uid : null;
}

/** Back to the provider, which finishes the sign-in and sends the person on to the app. */
export function continueAppSignIn(uid: string): void {
  window.location.assign(`/oidc/interaction/${encodeURIComponent(uid)}`);
}

export type AppSignInInfo = Ok<'/api/v1/portal/app-sign-ins/{uid}', 'get'>;

export async function appSignInInfo(uid: string): Promise<AppSignInInfo | null> {
  const res = await portalApi.GET('/api/v1/portal/app-sign-ins/{uid}', {
    params: { path: { uid } },
  });
  return res.response.ok ? (res.data as AppSignInInfo) : null;
}
