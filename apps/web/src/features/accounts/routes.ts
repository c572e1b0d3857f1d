import type { RouteRecordRaw } from 'vue-router';

export const accountsRoutes: RouteRecordRaw[] = [
  {
    path: 'scholen/:iid/accounts/nieuw',
    name: 'accounts.bulk',
    component: () => import('./BulkCreateView.vue'),
    props: true,
  },
  {
    path: 'scholen/:iid/accounts/reeks/:bid',
    name: 'accounts.result',
    component: () => import('./BulkResultView.vue'),
    props: true,
  },
];
