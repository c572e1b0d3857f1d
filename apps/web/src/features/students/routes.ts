import type { RouteRecordRaw } from 'vue-router';

export const studentsRoutes: RouteRecordRaw[] = [
  {
    path: 'scholen/:iid/leerlingen',
    name: 'students.list',
    component: () => import('./StudentsListView.vue'),
    props: true,
  },
  {
    path: 'scholen/:iid/leerlingen/:sid',
    name: 'students.detail',
    component: () => import('./StudentDetailView.vue'),
    props: true,
  },
];
