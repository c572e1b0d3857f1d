import { screens } from '../../router/screens';

export const securityRoutes = screens({
  security: ['beveiliging', 'security.title', () => import('./SecurityView.vue')],
});
