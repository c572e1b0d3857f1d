import { screens } from '../../router/screens';

const view = () => import('./AppsView.vue');

export const appsRoutes = screens({
  'apps.list': ['scholen/:iid/apps', 'apps.title', view],
  'apps.platform': ['platform/apps', 'apps.platformTitle', view, { props: { iid: null } }],
});
