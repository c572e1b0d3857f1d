export { openSecret, sealSecret, shownSecret } from './credentials.js';
export type { Secret } from './credentials.js';
export { assertMayShowBatch } from './batch.js';
export { findBatch } from './repository.js';
export { retireUsernames } from './repository.js';
export { RETURNING_REASON } from './repository.js';
export { holdReturningAccounts, holdsReturningAccount, RETURNING_GAP_DAYS } from './returning.js';
