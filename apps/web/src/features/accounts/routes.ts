import { screens } from '../../router/screens';

export const accountsRoutes = screens(
  {
    'accounts.bulk': ['accounts/nieuw', 'bulkCreate', () => import('./BulkCreateView.vue')],
    'accounts.result': ['accounts/reeks/:bid', 'bulkResult', () => import('./BulkResultView.vue')],
  },
  { prefix: 'scholen/:iid/' },
);
