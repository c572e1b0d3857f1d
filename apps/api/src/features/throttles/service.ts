import { AppError } from '../../errors/app-error.js';

/** The 429 of a running lock, with the seconds until it ends (the error handler sets Retry-After). */
export function tooMany(until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError(
    'too_many_requests',
    `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
    undefined,
    { retryAfterSeconds: seconds },
  );
}
