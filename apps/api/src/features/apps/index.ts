export { findAppByClientId, refusal } from './access.js';
export type { AccessRefusal } from './access.js';
export { clientSecretHash } from './secrets.js';
