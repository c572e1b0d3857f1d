import type { NavigationGuard } from 'vue-router';
import { screens } from '../../router/screens';
import { continueAppSignIn, pendingAppSignIn, usePortalStore } from './portal-api';

// Public portal pages (students and parents). Paths are Dutch like the cards and letters that
// link to them: /aanmelden, /u/<username>, /co-account/activeren[/<token>].

/** Keeps a pending app sign-in (`?app=<uid>`) across the portal's own redirects. */
const appQuery = (query: Record<string, unknown>) => {
  const uid = pendingAppSignIn(query);
  return uid ? { app: uid } : {};
};

const requirePortal: NavigationGuard = async (to) => {
  const portal = usePortalStore();
  const me = portal.loaded && portal.me ? portal.me : await portal.load();
  if (!me) return { name: 'portal.login' };
  // An advanced student with a temporary password chooses an own one before anything else.
  if (me.mustChangePassword && to.name !== 'portal.password')
    return { name: 'portal.password', query: appQuery(to.query) };
  return true;
};

const guestPortal: NavigationGuard = async (to) => {
  const portal = usePortalStore();
  const me = portal.loaded ? portal.me : await portal.load();
  if (!me) return true;
  const uid = pendingAppSignIn(to.query);
  // The app asked for a new login (prompt=login, max_age): the login page, signed in or not.
  if (uid && to.query.opnieuw === '1') return true;
  if (uid && !me.mustChangePassword) {
    continueAppSignIn(uid);
    return false;
  }
  // Signed in already but an app waits: the password change first, then the app.
  return {
    name: me.mustChangePassword ? 'portal.password' : 'portal.home',
    query: appQuery(to.query),
  };
};

const login = () => import('./PortalLoginView.vue');
const guest = { beforeEnter: guestPortal };
const signedIn = { beforeEnter: requirePortal };

export const portalRoutes = screens({
  'portal.login': ['/aanmelden', 'portalLogin', login, guest],
  'portal.personal': [
    '/u/:username',
    'portalLogin',
    login,
    { ...guest, props: (route) => ({ username: String(route.params.username), personal: true }) },
  ],
  'portal.home': ['/portaal', 'portalHome', () => import('./PortalHomeView.vue'), signedIn],
  'portal.password': [
    '/portaal/wachtwoord',
    'portalPassword',
    () => import('./ChangePasswordView.vue'),
    signedIn,
  ],
  'portal.activationRequest': [
    '/co-account/activeren',
    'activationRequest',
    () => import('./ActivationRequestView.vue'),
    {
      props: (route) => ({
        school: typeof route.query.school === 'string' ? route.query.school : undefined,
      }),
    },
  ],
  'portal.activation': [
    '/co-account/activeren/:token',
    'activation',
    () => import('./ActivationView.vue'),
  ],
});
