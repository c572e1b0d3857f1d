export { AppError, assertId, notFound } from './app-error.js';
export type { FieldError } from './app-error.js';
