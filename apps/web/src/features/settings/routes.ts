import { screens } from '../../router/screens';

export const settingsRoutes = screens({
  'settings.school': ['scholen/:iid/instellingen', 'settings', () => import('./SettingsView.vue')],
  'settings.apiKeys': ['scholen/:iid/api-sleutels', 'apiKeys', () => import('./ApiKeysView.vue')],
  'settings.schools': ['platform/scholen', 'schools', () => import('./SchoolsView.vue')],
});
