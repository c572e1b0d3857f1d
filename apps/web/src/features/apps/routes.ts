import type { RouteRecordRaw } from 'vue-router';

export const appsRoutes: RouteRecordRaw[] = [
  {
    path: 'scholen/:iid/apps',
    name: 'apps.list',
    component: () => import('./AppsView.vue'),
    props: true,
    meta: { title: 'apps.title' },
  },
  {
    path: 'platform/apps',
    name: 'apps.platform',
    component: () => import('./AppsView.vue'),
    props: { iid: null },
    meta: { title: 'apps.platformTitle' },
  },
];
