export { begin, progress } from './service.js';
export type { Claimed } from './service.js';
export { purgeExpiredKeys } from './repository.js';
