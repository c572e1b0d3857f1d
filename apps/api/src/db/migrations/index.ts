import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-23T09-00-initial.js';
import * as batches from './2026-11-23T10-00-batches-idempotency.js';

// Explicit list (no directory scan) so the same migrations run from src, dist and jest.
export const migrations: Record<string, Migration> = {
  '2026-11-23T09-00-initial': initial,
  '2026-11-23T10-00-batches-idempotency': batches,
};
