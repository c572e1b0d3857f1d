import type { RouteRecordRaw } from 'vue-router';

export const accountsRoutes: RouteRecordRaw[] = [
  {
    path: 'scholen/:iid/accounts/nieuw',
    name: 'accounts.bulk',
    component: () => import('./BulkCreateView.vue'),
    meta: { title: 'app.titles.bulkCreate' },
    props: true,
  },
  {
    path: 'scholen/:iid/accounts/reeks/:bid',
    name: 'accounts.result',
    component: () => import('./BulkResultView.vue'),
    meta: { title: 'app.titles.bulkResult' },
    props: true,
  },
];
