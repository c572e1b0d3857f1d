/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
    // ESM-only packages that CommonJS dependencies require() (e.g. @fastify/static -> content-disposition).
    '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?(content-disposition|cookie)[@/])'],
  moduleNameMapper: {
    '^@schoolloket/core$': '<rootDir>/../../packages/core/src/index.ts',
    '^@schoolloket/core/(export|node)$': '<rootDir>/../../packages/core/src/$1/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  // Tests that kill server connections need a real PostgreSQL server.
  testPathIgnorePatterns: [
    '/node_modules/',
    ...(process.env.TEST_DATABASE_URL ? [] : ['\\.pg\\.test\\.ts$']),
  ],
  // oidc-provider's "Unsupported runtime" notice on Node 20 (see src/runtime-notices.ts).
  setupFiles: ['<rootDir>/src/runtime-notices.ts'],
  globalSetup: '<rootDir>/src/test/global-setup.mjs',
  globalTeardown: '<rootDir>/src/test/global-teardown.mjs',
  testTimeout: 60_000,
  maxWorkers: 2,
  // Every test file loads the app's modules into a registry of its own, and the old registries are
  // not all collected: a worker grew to ~4 GB by the end of the suite, which it then took longer
  // than Jest's 500 ms to tear down ("A worker process has failed to exit gracefully"), and the
  // suite ran 640-715 s. A worker past 1 GB after a file is replaced: 392 s, no warning.
  workerIdleMemoryLimit: '1GB',
};
