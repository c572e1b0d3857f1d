export { AppError, assertId, notFound } from './app-error.js';
export type { FieldError } from './app-error.js';
export { PROBLEM_CODES, type Localized, type ProblemCode } from './problem-codes.js';
export {
  IMPORT_ROW_CODES,
  ROW_CODES,
  WARNING_CODES,
  type ImportRowCode,
  type RowCode,
  type WarningCode,
} from './row-codes.js';
export { localizeProblem } from './localize.js';
export { problemTitle, validationMessage, type ProblemLocale } from './localize.js';
