import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { setUnauthenticatedHandler } from './api/client';
import { i18n } from './i18n';
import { router } from './router';
import { useSessionStore } from './stores/session';
import './styles/base.css';
import './styles/shell.css';
import './styles/controls.css';
import './styles/lists.css';
import './styles/panels.css';

const app = createApp(App).use(createPinia()).use(i18n).use(router);
// A 401 on any call means the session ended: back to the login page, then to where she was.
setUnauthenticatedHandler(() => {
  useSessionStore().expire();
  const current = router.currentRoute.value;
  if (current.matched.some((r) => r.meta.admin))
    void router.push({ name: 'login', query: { next: current.fullPath, expired: '1' } });
});
document.documentElement.lang = i18n.global.locale.value;
app.mount('#app');
