import { screens } from '../../router/screens';

export const importsRoutes = screens(
  {
    'imports.list': ['import', 'imports', () => import('./ImportsView.vue')],
    'imports.detail': ['import/:importId', 'import', () => import('./ImportDetailView.vue')],
  },
  { prefix: 'scholen/:iid/' },
);
