import { screens } from '../../router/screens';

export const studentsRoutes = screens(
  {
    'students.list': ['leerlingen', 'students', () => import('./StudentsListView.vue')],
    'students.detail': ['leerlingen/:sid', 'student', () => import('./StudentDetailView.vue')],
  },
  { prefix: 'scholen/:iid/' },
);
