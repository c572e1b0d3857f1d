import type { RouteRecordRaw } from 'vue-router';

export const coAccountsRoutes: RouteRecordRaw[] = [
  {
    path: 'scholen/:iid/co-accounts',
    name: 'coAccounts.overview',
    component: () => import('./CoAccountsOverviewView.vue'),
    meta: { title: 'app.titles.coAccounts' },
    props: (route) => ({
      iid: route.params.iid,
      group: typeof route.query.klas === 'string' ? route.query.klas : undefined,
    }),
  },
];
