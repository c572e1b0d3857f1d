import createClient from 'openapi-fetch';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { unwrap, type Ok } from '../../api/client';
import type { paths } from '../../api/schema';
import { currentLocale } from '../../i18n';

// The portal's views find everything they call here.
export { portalProblem } from '../../api/client';
export { currentLocale };

// The portal has its own client: a 401 here (wrong password, ended portal session) must not be
// taken for an ended admin session by the dashboard's client middleware.
export const portalApi = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });
// Every answer in the language on screen, not the browser's, as the dashboard's client does
// (found by an outside test: an English row under a Dutch login form).
portalApi.use({
  onRequest({ request }) {
    if (!request.headers.has('accept-language'))
      request.headers.set('accept-language', currentLocale());
    return request;
  },
});

export type PortalMe = Ok<'/api/v1/portal/me', 'get'>;
export type Picture = Ok<'/api/v1/pictures', 'get'>[number];
export type ActivationInfo = Ok<'/api/v1/co-accounts/activation/{token}', 'get'>;
export type Launchpad = Ok<'/api/v1/portal/launchpad', 'get'>;

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

  /**
   * The login of a pending app sign-in, inside the provider's interaction (one request instead of
   * the portal login and the interaction's page): the login result and `continueTo`, where the
   * browser goes next (null: the temporary password must be changed first).
   */
  async function loginForApp(
    uid: string,
    username: string,
    secret: { password: string } | { pictures: string[] },
  ) {
    const result = unwrap(
      await portalApi.POST('/oidc/interaction/{uid}/login', {
        params: { path: { uid }, query: { lang: currentLocale() } },
        body: { username, ...secret },
      }),
    );
    // The password change needs who is signed in; anything else leaves for the provider, and
    // whatever this page shows later asks again.
    if (result.continueTo === null) await load();
    else loaded.value = false;
    return result;
  }

  async function logout() {
    await portalApi.POST('/api/v1/portal/logout');
    me.value = null;
  }

  return { me, loaded, load, login, loginForApp, logout };
});

/** A pending app sign-in (`/aanmelden?app=<uid>`): the id of the provider's interaction. */
export function pendingAppSignIn(query: Record<string, unknown>): string | null {
  const uid = query.app;
  return typeof uid === 'string' && /^[A-Za-z0-9_-]{10,64}$/.test(uid) ? uid : null;
}

/**
 * Back to the provider, which finishes the sign-in and sends the person on to the app (or asks
 * consent first, in the language chosen here).
 */
export function continueAppSignIn(uid: string): void {
  window.location.assign(
    `/oidc/interaction/${encodeURIComponent(uid)}?lang=${encodeURIComponent(currentLocale())}`,
  );
}

/** On to where the login inside an app sign-in said (the provider, or its page). */
export function continueTo(url: string): void {
  window.location.assign(url);
}

export type AppSignInInfo = Ok<'/api/v1/portal/app-sign-ins/{uid}', 'get'>;

export async function appSignInInfo(uid: string): Promise<AppSignInInfo | null> {
  const res = await portalApi.GET('/api/v1/portal/app-sign-ins/{uid}', {
    params: { path: { uid } },
  });
  return res.response.ok ? (res.data as AppSignInInfo) : null;
}
