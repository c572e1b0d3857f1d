import type { RouteRecordRaw } from 'vue-router';

export const settingsRoutes: RouteRecordRaw[] = [
  {
    path: 'scholen/:iid/instellingen',
    name: 'settings.school',
    component: () => import('./SettingsView.vue'),
    props: true,
  },
  {
    path: 'scholen/:iid/api-sleutels',
    name: 'settings.apiKeys',
    component: () => import('./ApiKeysView.vue'),
    props: true,
  },
  {
    path: 'platform/scholen',
    name: 'settings.schools',
    component: () => import('./SchoolsView.vue'),
  },
];
