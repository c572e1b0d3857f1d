import type { NavigationGuard, RouteRecordRaw } from 'vue-router';
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

export const portalRoutes: RouteRecordRaw[] = [
  {
    path: '/aanmelden',
    name: 'portal.login',
    component: () => import('./PortalLoginView.vue'),
    meta: { title: 'app.titles.portalLogin' },
    beforeEnter: guestPortal,
  },
  {
    path: '/u/:username',
    name: 'portal.personal',
    component: () => import('./PortalLoginView.vue'),
    meta: { title: 'app.titles.portalLogin' },
    props: (route) => ({ username: String(route.params.username), personal: true }),
    beforeEnter: guestPortal,
  },
  {
    path: '/portaal',
    name: 'portal.home',
    component: () => import('./PortalHomeView.vue'),
    meta: { title: 'app.titles.portalHome' },
    beforeEnter: requirePortal,
  },
  {
    path: '/portaal/wachtwoord',
    name: 'portal.password',
    component: () => import('./ChangePasswordView.vue'),
    meta: { title: 'app.titles.portalPassword' },
    beforeEnter: requirePortal,
  },
  {
    path: '/co-account/activeren',
    name: 'portal.activationRequest',
    component: () => import('./ActivationRequestView.vue'),
    meta: { title: 'app.titles.activationRequest' },
    props: (route) => ({
      school: typeof route.query.school === 'string' ? route.query.school : undefined,
    }),
  },
  {
    path: '/co-account/activeren/:token',
    name: 'portal.activation',
    component: () => import('./ActivationView.vue'),
    meta: { title: 'app.titles.activation' },
    props: true,
  },
];
