import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from '../stores/session';
import { authRoutes } from '../features/auth/routes';
import { studentsRoutes } from '../features/students/routes';
import { accountsRoutes } from '../features/accounts/routes';

// Admin screens live under AdminLayout; public (portal) features add their own top-level routes.
const adminChildren: RouteRecordRaw[] = [...studentsRoutes, ...accountsRoutes];

export const publicRoutes: RouteRecordRaw[] = [...authRoutes];

const routes: RouteRecordRaw[] = [
  ...publicRoutes,
  {
    path: '/',
    component: () => import('../components/AdminLayout.vue'),
    meta: { admin: true },
    children: [
      {
        path: '',
        name: 'home',
        redirect: () => {
          const session = useSessionStore();
          return session.current
            ? { name: 'students.list', params: { iid: session.current.institutionId } }
            : { name: 'login' };
        },
      },
      ...adminChildren,
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (!to.matched.some((r) => r.meta.admin)) return true;
  const session = useSessionStore();
  if (!session.loaded) await session.load();
  if (!session.me) return { name: 'login', query: { next: to.fullPath } };
  const iid = to.params.iid;
  if (typeof iid === 'string' && iid !== session.currentIid) {
    if (!session.institutions.some((i) => i.institutionId === iid)) return { name: 'home' };
    session.selectInstitution(iid);
  }
  return true;
});
