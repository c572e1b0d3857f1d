import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

// Kysely's query builders and raw SQL: allowed in repository.ts files, db/ and tests only.
const QUERY_METHODS = 'selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto';
// A repository that would pass ~300 lines is split by topic into <topic>.repository.ts files.
const API_QUERY_EXEMPT = [
  'apps/api/src/**/repository.ts',
  'apps/api/src/**/*.repository.ts',
  'apps/api/src/db/**',
  'apps/api/src/test/**',
  'apps/api/src/**/*.test.ts',
];
const API_MODULE_FILES = ['apps/api/src/features/**/*.ts', 'apps/api/src/platform/**/*.ts'];
const KYSELY = { name: 'kysely', message: 'Only repositories import Kysely.' };
const DOOR =
  "Another module's internals: import what it offers from its index.ts (docs/architecture.md).";
/**
 * The door rule for a file `depth` folders below src/features or src/platform: a sibling module
 * (reached with `depth` × `../`) or any feature or platform module is entered through its
 * index.ts, and `paths` (Kysely, Fastify…) are not imported at all.
 */
const throughDoors = (depth, paths) => ({
  'no-restricted-imports': [
    'error',
    {
      ...(paths && { paths }),
      patterns: [
        { regex: `^${'\\.\\./'.repeat(depth)}(?!\\.\\.)[^/]+/(?!index\\.js$)`, message: DOOR },
        { regex: '(^|/)(features|platform)/[^/]+/(?!index\\.js$)', message: DOOR },
      ],
    },
  ],
});

/** How deep below a module the rules are checked (depth 1: right in features/<module>/). */
const MODULE_DEPTHS = [1, 2, 3, 4, 5, 6];
/** Files outside features/ and platform/: every module through its door; route modules only in app.ts. */
const outsideModules = (routes) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: [KYSELY],
      patterns: [
        {
          regex: `(^|/)(features|platform)/[^/]+/(?!index\\.js$${routes ? '|[^/]+\\.routes\\.js$' : ''})`,
          message: DOOR,
        },
      ],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.data/**',
      '**/coverage/**',
      'apps/web/src/api/schema.d.ts',
      'docs/integration/schema.d.ts',
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
  // Boundaries (STYLE.md, docs/architecture.md): only repositories (and db/, tests, scripts)
  // query the database or import Kysely; a feature or platform module is entered through its
  // index.ts only; services never import Fastify; core imports nothing from the apps and nothing
  // Node-only outside src/node.
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: API_QUERY_EXEMPT,
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.property.name=/^(${QUERY_METHODS})$/]`,
          message: 'Only repositories query the database: move this into a repository.ts.',
        },
        {
          selector: "TaggedTemplateExpression[tag.name='sql'], MemberExpression[object.name='sql']",
          message: 'Only repositories write SQL: move this into a repository.ts.',
        },
      ],
    },
  },
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: [...API_QUERY_EXEMPT, ...API_MODULE_FILES],
    rules: outsideModules(false),
  },
  // app.ts wires the route modules; everyone else goes through a module's door.
  { files: ['apps/api/src/app.ts'], rules: outsideModules(true) },
  // Inside src/features and src/platform, one block per depth (a later block's options replace an
  // earlier one's): files that query, repositories, and services (which never import Fastify).
  ...MODULE_DEPTHS.flatMap((depth) => {
    const at = (name) =>
      ['features', 'platform'].map((m) => `apps/api/src/${m}/*/${'*/'.repeat(depth - 1)}${name}`);
    return [
      { files: at('*.ts'), ignores: API_QUERY_EXEMPT, rules: throughDoors(depth, [KYSELY]) },
      { files: [...at('repository.ts'), ...at('*.repository.ts')], rules: throughDoors(depth) },
      {
        files: at('*.ts').filter((glob) => glob.includes('/features/')),
        ignores: [
          '**/*.routes.ts',
          '**/*.plugin.ts',
          '**/schemas.ts',
          'apps/api/src/features/imports/upload.ts',
          ...API_QUERY_EXEMPT,
        ],
        rules: throughDoors(depth, [
          KYSELY,
          { name: 'fastify', message: 'Services never import Fastify; throw AppError instead.' },
        ]),
      },
    ];
  }),
  {
    // Tests and test helpers may reach into a module to arrange state, but not query outside db/.
    files: ['apps/api/src/**/*.test.ts', 'apps/api/src/test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
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
