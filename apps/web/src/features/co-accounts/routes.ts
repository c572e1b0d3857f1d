import { screens } from '../../router/screens';

export const coAccountsRoutes = screens({
  'coAccounts.overview': [
    'scholen/:iid/co-accounts',
    'coAccounts',
    () => import('./CoAccountsOverviewView.vue'),
    {
      props: (route) => ({
        iid: route.params.iid,
        group: typeof route.query.klas === 'string' ? route.query.klas : undefined,
      }),
    },
  ],
});
