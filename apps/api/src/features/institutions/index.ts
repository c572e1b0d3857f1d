export { findById, getById, upsertMembership } from './repository.js';
