import { resolve } from 'node:path';
import { ConfigError, parseUrl, parseWholeNumber, type Env } from './parse.js';

/**
 * Every connection of the pool gets short timeouts, so a held lock or a runaway query answers 503
 * instead of stalling every request; bulk creation, import commits and the sync raise them for
 * their own transaction (`bulkMs`). Milliseconds.
 */
export interface DatabaseTimeouts {
  /** statement_timeout of every connection (DB_STATEMENT_TIMEOUT_MS). */
  statementMs: number;
  /** lock_timeout of every connection (DB_LOCK_TIMEOUT_MS). */
  lockMs: number;
  /** idle_in_transaction_session_timeout (DB_IDLE_IN_TRANSACTION_TIMEOUT_MS). */
  idleInTransactionMs: number;
  /** How long a request waits for a free pool connection before it answers 503 (DB_ACQUIRE_TIMEOUT_MS). */
  acquireMs: number;
  /** statement_timeout and lock_timeout inside bulk creation, import commits and the sync (DB_BULK_TIMEOUT_MS). */
  bulkMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  statementMs: 10_000,
  lockMs: 3_000,
  idleInTransactionMs: 30_000,
  acquireMs: 5_000,
  bulkMs: 120_000,
};

/** Where the database is and how this instance uses it: every instance and `pnpm db:migrate`. */
export interface DatabaseConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Most PostgreSQL connections this instance opens (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /** PostgreSQL session timeouts and the pool's acquire timeout (DB_*_MS); PGlite ignores them. */
  databaseTimeouts: DatabaseTimeouts;
}

function parseMillis(env: Env, name: string, fallback: number, min: number, max: number): number {
  return parseWholeNumber(name, env[name], { fallback, min, max, digits: 7, unit: 'milliseconds' });
}

function parseDatabaseTimeouts(env: Env): DatabaseTimeouts {
  const d = DEFAULT_DATABASE_TIMEOUTS;
  const t: DatabaseTimeouts = {
    statementMs: parseMillis(env, 'DB_STATEMENT_TIMEOUT_MS', d.statementMs, 100, 3_600_000),
    lockMs: parseMillis(env, 'DB_LOCK_TIMEOUT_MS', d.lockMs, 100, 3_600_000),
    idleInTransactionMs: parseMillis(
      env,
      'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      d.idleInTransactionMs,
      1_000,
      3_600_000,
    ),
    acquireMs: parseMillis(env, 'DB_ACQUIRE_TIMEOUT_MS', d.acquireMs, 100, 600_000),
    bulkMs: parseMillis(env, 'DB_BULK_TIMEOUT_MS', d.bulkMs, 1_000, 3_600_000),
  };
  if (t.bulkMs < t.statementMs)
    throw new ConfigError(
      'DB_BULK_TIMEOUT_MS',
      `must not be shorter than DB_STATEMENT_TIMEOUT_MS (${t.statementMs}), got "${t.bulkMs}"`,
    );
  return t;
}

export function parseDatabaseConfig(env: Env): DatabaseConfig {
  return {
    databaseUrl: env.DATABASE_URL
      ? parseUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'])
      : undefined,
    dataDir: resolve(env.DATA_DIR ?? './.data'),
    databasePoolSize: parseWholeNumber('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, {
      fallback: 10,
      min: 2,
      max: 100,
      digits: 3,
    }),
    databaseTimeouts: parseDatabaseTimeouts(env),
  };
}
