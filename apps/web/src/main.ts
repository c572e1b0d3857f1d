import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { setUnauthenticatedHandler } from './api/client';
import { i18n } from './i18n';
import { router } from './router';
import './styles.css';

const app = createApp(App).use(createPinia()).use(i18n).use(router);
setUnauthenticatedHandler(() => {
  if (router.currentRoute.value.matched.some((r) => r.meta.admin))
    void router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } });
});
document.documentElement.lang = i18n.global.locale.value;
app.mount('#app');
