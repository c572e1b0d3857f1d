export * from './account-type.js';
export * from './personal-url.js';
export * from './returning.js';
