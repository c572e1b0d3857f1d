import type { RouteRecordRaw } from 'vue-router';

export const settingsRoutes: RouteRecordRaw[] = [
  {
    path: 'scholen/:iid/instellingen',
    name: 'settings.school',
    component: () => import('./SettingsView.vue'),
    meta: { title: 'app.titles.settings' },
    props: true,
  },
  {
    path: 'scholen/:iid/api-sleutels',
    name: 'settings.apiKeys',
    component: () => import('./ApiKeysView.vue'),
    meta: { title: 'app.titles.apiKeys' },
    props: true,
  },
  {
    path: 'platform/scholen',
    name: 'settings.schools',
    component: () => import('./SchoolsView.vue'),
    meta: { title: 'app.titles.schools' },
  },
];
