/**
 * Unit tests of the web's pure parts (URL codec, error normaliser, message completeness); what
 * needs a browser is covered by the e2e scenarios (e2e/run.mjs).
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // The core package from its source, as the API's tests read it (its dist exists only after a
  // build, which CI runs after the tests).
  moduleNameMapper: {
    '^@schoolloket/core$': '<rootDir>/../../packages/core/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/src/**/*.test.ts'],
};
