import type { RouteRecordRaw } from 'vue-router';

export const adminsRoutes: RouteRecordRaw[] = [
  {
    path: 'scholen/:iid/beheerders',
    name: 'admins.list',
    component: () => import('./AdminsView.vue'),
    meta: { title: 'app.titles.admins' },
    props: true,
  },
];
