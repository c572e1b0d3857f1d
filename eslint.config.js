import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.data/**',
      '**/coverage/**',
      'apps/web/src/api/schema.d.ts',
      'apps/web/e2e/artifacts/**',
      'packages/core/src/**/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['apps/api/**/*.ts', 'packages/core/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Migrations are written against Kysely<any> and frozen (DESIGN.md §3).
    files: ['apps/api/src/db/migrations/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Boundaries (STYLE.md): only repositories (and db/, tests, scripts) import Kysely; services
  // never import Fastify; core imports nothing from the apps and nothing Node-only outside src/node.
  {
    files: ['apps/api/src/features/**/*.ts'],
    ignores: ['apps/api/src/features/**/repository.ts', 'apps/api/src/features/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', message: 'Only repositories import Kysely.' }] },
      ],
    },
  },
  {
    files: ['apps/api/src/features/**/service.ts', 'apps/api/src/features/**/*.service.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'Only repositories import Kysely.' },
            { name: 'fastify', message: 'Services never import Fastify; throw AppError instead.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/node/**', 'packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'os'],
              message: 'core is isomorphic: Node-only imports live in src/node.',
            },
            {
              group: ['@schoolloket/api*', '@schoolloket/web*', '**/apps/**'],
              message: 'core imports nothing from the apps.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,vue}'],
    languageOptions: {
      parser: vueParser,
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/api/**', '@schoolloket/api*'],
              message: 'web talks to the API through openapi.yaml only.',
            },
          ],
        },
      ],
    },
  },
  // Layout is Prettier's job: only the correctness rules of the Vue plugin.
  ...pluginVue.configs['flat/essential'].map((c) => ({ ...c, files: ['apps/web/**/*.vue'] })),
  {
    files: ['apps/web/**/*.vue'],
    rules: {
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // TypeScript checks names; no-undef only knows the globals it was told about.
    files: ['**/*.{ts,vue}'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        document: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
      },
    },
  },
);
