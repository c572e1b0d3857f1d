// Public, isomorphic entry of @schoolloket/core: credentials and the picture catalogue.
// PDF/Excel/ZIP builders live in ./export (heavy, loaded on demand); disk loaders in ./node.
export {};
