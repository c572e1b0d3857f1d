export * from './account-type.js';
