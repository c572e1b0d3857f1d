import { screens } from '../../router/screens';

export const lifecycleRoutes = screens({
  'lifecycle.preview': [
    'scholen/:iid/schooljaar',
    'schoolYear',
    () => import('./SchoolYearView.vue'),
  ],
});
