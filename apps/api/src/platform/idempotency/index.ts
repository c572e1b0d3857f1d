export { begin, progress } from './service.js';
export type { Claimed } from './service.js';
