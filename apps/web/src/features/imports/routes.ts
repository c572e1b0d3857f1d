import type { RouteRecordRaw } from 'vue-router';

export const importsRoutes: RouteRecordRaw[] = [
  {
    path: 'scholen/:iid/import',
    name: 'imports.list',
    component: () => import('./ImportsView.vue'),
    meta: { title: 'app.titles.imports' },
    props: true,
  },
  {
    path: 'scholen/:iid/import/:importId',
    name: 'imports.detail',
    component: () => import('./ImportDetailView.vue'),
    meta: { title: 'app.titles.import' },
    props: true,
  },
];
