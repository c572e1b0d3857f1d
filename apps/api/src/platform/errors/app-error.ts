import { PROBLEM_CODES, type Localized, type ProblemCode } from './problem-codes.js';
import type { RowCode } from './row-codes.js';

// Services throw AppError with a typed code; the error plugin turns it into problem+json in the
// request's language. Codes, statuses and titles come from the one list in problem-codes.ts.
export type AppErrorCode = ProblemCode;

export interface FieldError {
  path: string;
  message: string;
  code?: RowCode;
  /** Values for the catalogue message of the code (`{row}`). */
  params?: Record<string, string | number>;
}

/**
 * `detail` in English, or in every language (then the answer follows Accept-Language). An English
 * detail is answered as such to `en`; other languages get the code's title (and the row messages).
 */
export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  readonly localized?: Localized;
  /** The English detail the thrower wrote, if any. */
  readonly englishDetail?: string;
  constructor(
    readonly code: AppErrorCode,
    detail?: string | Localized,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(typeof detail === 'object' ? detail.en : (detail ?? PROBLEM_CODES[code].title.en));
    this.status = PROBLEM_CODES[code].status;
    this.title = PROBLEM_CODES[code].title.en;
    if (typeof detail === 'object') this.localized = detail;
    else if (detail !== undefined) this.englishDetail = detail;
  }
}

export const notFound = (what = 'Resource'): AppError =>
  new AppError('not_found', `${what} not found`);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is answered like an unknown one: 404, no hint about what exists. */
export function assertId(id: string, what: string): void {
  if (!UUID_RE.test(id)) throw notFound(what);
}
