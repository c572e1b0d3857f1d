export { AppError, assertId, notFound } from './app-error.js';
export type { FieldError } from './app-error.js';
export { PROBLEM_CODES, type Localized, type ProblemCode } from './problem-codes.js';
export { ROW_CODES, type RowCode } from './row-codes.js';
export {
  IMPORT_ROW_CODES,
  WARNING_CODES,
  type ImportRowCode,
  type WarningCode,
} from './warning-codes.js';
export { localizeProblem } from './localize.js';
export { problemTitle, validationMessage } from './localize.js';
