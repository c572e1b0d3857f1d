import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { loadMessages, type MessageArea } from '../i18n';
import { useSessionStore } from '../stores/session';
import { focusHeadingAfterNavigation } from './page';
import { adminPasswordRoutes, authRoutes } from '../features/auth/routes';
import { homeRoutes } from '../features/home/routes';
import { studentsRoutes } from '../features/students/routes';
import { accountsRoutes } from '../features/accounts/routes';
import { portalRoutes } from '../features/portal/routes';
import { importsRoutes } from '../features/imports/routes';
import { adminsRoutes } from '../features/admins/routes';
import { coAccountsRoutes } from '../features/co-accounts/routes';
import { settingsRoutes } from '../features/settings/routes';
import { appsRoutes } from '../features/apps/routes';
import { lifecycleRoutes } from '../features/lifecycle/routes';
import { securityRoutes } from '../features/security/routes';

// Admin screens live under AdminLayout; public (portal) features add their own top-level routes.
const adminChildren: RouteRecordRaw[] = [
  ...homeRoutes,
  ...studentsRoutes,
  ...accountsRoutes,
  ...importsRoutes,
  ...adminsRoutes,
  ...coAccountsRoutes,
  ...settingsRoutes,
  ...appsRoutes,
  ...lifecycleRoutes,
  ...securityRoutes,
];

/** Gives every route of an area the messages it needs (loaded before the route shows). */
const inArea = (messages: MessageArea, records: RouteRecordRaw[]): RouteRecordRaw[] =>
  records.map((r) => ({ ...r, meta: { ...r.meta, messages } }) as RouteRecordRaw);

export const publicRoutes: RouteRecordRaw[] = [
  ...authRoutes,
  ...inArea('auth', adminPasswordRoutes),
  ...inArea('portal', portalRoutes),
];

const routes: RouteRecordRaw[] = [
  ...publicRoutes,
  {
    path: '/',
    component: () => import('../components/AdminLayout.vue'),
    meta: { admin: true, messages: 'admin' },
    children: [...adminChildren],
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  // A new screen starts at the top; Back returns to where one was; a filter change stays put.
  scrollBehavior: (to, from, saved) => saved ?? (to.path !== from.path ? { top: 0 } : false),
});
focusHeadingAfterNavigation(router);

declare module 'vue-router' {
  interface RouteMeta {
    /** Needs an admin session (set on AdminLayout; children inherit it). */
    admin?: boolean;
    /** Only for visitors without a session (the login page). */
    guestOnly?: boolean;
    /** The messages this route's screens use besides `app` (i18n/index.ts). */
    messages?: MessageArea;
    /** Message key naming the screen in the document title (`app.titles.…`). */
    title?: string;
  }
}

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (to.meta.guestOnly) {
    if (!session.loaded) await session.load();
    return session.me ? { name: 'home' } : true;
  }
  if (!to.matched.some((r) => r.meta.admin)) return true;
  if (!session.loaded) await session.load();
  if (!session.me) return { name: 'login', query: { next: to.fullPath } };
  if (session.needsFactor && to.name !== 'security') return { name: 'security' };
  const iid = to.params.iid;
  if (typeof iid === 'string' && iid !== session.currentIid) {
    if (!session.institutions.some((i) => i.institutionId === iid)) return { name: 'home' };
    session.selectInstitution(iid);
  }
  return true;
});

// After the guards (no download for a navigation they turn away), before anything renders.
router.beforeResolve(async (to) => {
  if (to.meta.messages) await loadMessages(to.meta.messages);
});
