export { begin, IDEMPOTENCY_KEY_PATTERN, progress } from './service.js';
export type { Claimed } from './service.js';
export { forgetStudentAnswers, purgeExpiredKeys } from './repository.js';
