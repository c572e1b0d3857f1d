// Services throw AppError with a typed code; the error plugin turns it into problem+json.
export type AppErrorCode =
  | 'validation_failed'
  | 'malformed_body'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'invalid_code'
  | 'step_up_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'stamnummer_taken'
  | 'email_taken'
  | 'unprocessable'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'unavailable'
  | 'must_change_password'
  | 'link_invalid'
  | 'unsupported_file'
  | 'empty_file'
  | 'columns_unrecognised'
  | 'import_has_errors'
  | 'preview_stale'
  | 'leavers_confirmation_required'
  | 'leavers_count_changed'
  | 'passkey_refused';

const STATUS: Record<AppErrorCode, number> = {
  validation_failed: 400,
  malformed_body: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_code: 401,
  step_up_required: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stamnummer_taken: 409,
  email_taken: 409,
  unprocessable: 422,
  too_many_requests: 429,
  payload_too_large: 413,
  unavailable: 503,
  must_change_password: 403,
  link_invalid: 410,
  unsupported_file: 415,
  empty_file: 422,
  columns_unrecognised: 422,
  import_has_errors: 422,
  preview_stale: 409,
  leavers_confirmation_required: 422,
  leavers_count_changed: 409,
  passkey_refused: 401,
};

const TITLE: Record<AppErrorCode, string> = {
  validation_failed: 'The request is not valid',
  malformed_body: 'The request body could not be read',
  unauthenticated: 'Not logged in',
  invalid_credentials: 'Login failed',
  invalid_code: 'The code is not correct',
  step_up_required: 'Confirm it is you with your second factor',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  stamnummer_taken: 'Stamnummer already in use',
  email_taken: 'E-mail address already in use',
  unprocessable: 'The request cannot be processed',
  too_many_requests: 'Too many attempts',
  payload_too_large: 'Request too large',
  unavailable: 'Service temporarily unavailable',
  must_change_password: 'Change your password first',
  link_invalid: 'This link is no longer valid',
  unsupported_file: 'Unsupported file',
  empty_file: 'The file is empty',
  columns_unrecognised: 'Columns not recognised',
  import_has_errors: 'The import has errors',
  preview_stale: 'Preview again',
  leavers_confirmation_required: 'Ending these enrolments needs an explicit confirmation',
  leavers_count_changed: 'The number of enrolments to end is not the one confirmed',
  passkey_refused: 'The passkey was not accepted',
};

export interface FieldError {
  path: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: AppErrorCode,
    detail?: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? TITLE[code]);
    this.status = STATUS[code];
    this.title = TITLE[code];
  }
}

export const notFound = (what = 'Resource'): AppError =>
  new AppError('not_found', `${what} not found`);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is answered like an unknown one: 404, no hint about what exists. */
export function assertId(id: string, what: string): void {
  if (!UUID_RE.test(id)) throw notFound(what);
}
