// Public, isomorphic entry of @schoolloket/core: credentials and the picture catalogue.
// PDF/Excel/ZIP builders live in ./export (heavy, loaded on demand); disk loaders in ./node.
export * from './pictures/index.js';
export * from './usernames/index.js';
export * from './passwords/index.js';
export * from './accounts/index.js';
export {
  type RandomSource,
  secureRandom,
  randomInt,
  randomIndices,
  randomPick,
  deterministicRandomForTests,
} from './random.js';
