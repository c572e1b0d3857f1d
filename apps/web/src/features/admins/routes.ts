import { screens } from '../../router/screens';

export const adminsRoutes = screens({
  'admins.list': ['scholen/:iid/beheerders', 'admins', () => import('./AdminsView.vue')],
});
