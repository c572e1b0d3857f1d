import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The built SPA is served by the API at the site root (history fallback), so `base` stays '/'.
// In development the Vite server proxies /api to an API started apart (see README).
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [vue()],
  resolve: {
    // @schoolloket/core resolves to its TypeScript source: no build step for core in dev or build.
    conditions: ['schoolloket-source', 'module', 'browser', 'development|production'],
  },
  define: {
    // Compile-time flags that drop code we never use from the initial bundle.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: apiUrl, changeOrigin: false } },
  },
  preview: { proxy: { '/api': { target: apiUrl, changeOrigin: false } } },
  build: {
    target: 'es2022',
    sourcemap: false,
    // The one large chunk is zxcvbn's dictionaries, loaded only when a password is being chosen;
    // the first load has its own budget, checked in CI (scripts/bundle-size.mjs).
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      // Build-speed statistics are for bundler developers, not for someone running `pnpm start`.
      checks: { bundlerTimings: false },
      onLog(level, log, handler) {
        // core's xlsx.ts takes SheetJS' CFB from `default` only where the named export is
        // missing (Node's CommonJS build); in the browser build that fallback is dead code.
        if (log.code === 'IMPORT_IS_UNDEFINED' && log.id?.endsWith('/export/xlsx.ts')) return;
        handler(level, log);
      },
    },
  },
});
