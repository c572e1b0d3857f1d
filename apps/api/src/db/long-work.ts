import { sql, type Transaction } from 'kysely';
import type { DatabaseTimeouts } from '../config.js';
import type { DB } from './types.js';

/**
 * Raises statement_timeout and lock_timeout for the rest of this transaction only (SET LOCAL):
 * bulk creation, import commits and the sync legitimately take longer than a read, and the
 * connection goes back to the pool with the short defaults.
 */
export async function allowLongWork(
  trx: Transaction<DB>,
  timeouts: Pick<DatabaseTimeouts, 'bulkMs'>,
): Promise<void> {
  const ms = String(timeouts.bulkMs);
  await sql`select set_config('statement_timeout', ${ms}, true), set_config('lock_timeout', ${ms}, true)`.execute(
    trx,
  );
}
