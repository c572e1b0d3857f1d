import type { RouteRecordRaw } from 'vue-router';

export const studentsRoutes: RouteRecordRaw[] = [
  {
    path: 'scholen/:iid/leerlingen',
    name: 'students.list',
    component: () => import('./StudentsListView.vue'),
    meta: { title: 'app.titles.students' },
    props: true,
  },
  {
    path: 'scholen/:iid/leerlingen/:sid',
    name: 'students.detail',
    component: () => import('./StudentDetailView.vue'),
    meta: { title: 'app.titles.student' },
    props: true,
  },
];
