import { sql } from 'kysely';
import type { Database, DatabaseHandle } from './database.js';

// One key for the whole installation, the same in every instance and script.
const STARTUP_LOCK_KEY = sql.raw('7362815034');

// PGlite serves a single process: there the lock is a queue per database in this process.
const queues = new WeakMap<Database, Promise<unknown>>();

/**
 * Runs `work` while this process holds the installation's start-up lock, so that start-up work
 * (migrations, platform admin, demo data, keys) is done by one instance at a time and the others
 * find it done. On PostgreSQL: a session-level advisory lock on one connection of the pool, and
 * `work` runs on that connection; other instances wait in `pg_advisory_lock` (no timeout: the
 * work may be a long migration). The server drops the lock if this process dies.
 */
export async function withStartupLock<T>(
  handle: DatabaseHandle,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  if (handle.kind === 'pglite') {
    const before = queues.get(handle.db) ?? Promise.resolve();
    const run = before.then(() => work(handle.db));
    queues.set(
      handle.db,
      run.catch(() => undefined),
    );
    return run;
  }
  return handle.db.connection().execute(async (conn) => {
    await sql`select set_config('statement_timeout', '0', false), set_config('lock_timeout', '0', false), set_config('idle_in_transaction_session_timeout', '0', false)`.execute(
      conn,
    );
    await sql`select pg_advisory_lock(${STARTUP_LOCK_KEY})`.execute(conn);
    try {
      return await work(conn);
    } finally {
      // The connection goes back to the pool: without the lock and with the pool's timeouts.
      await sql`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`
        .execute(conn)
        .catch(() => undefined);
      await sql`reset statement_timeout`.execute(conn).catch(() => undefined);
      await sql`reset lock_timeout`.execute(conn).catch(() => undefined);
      await sql`reset idle_in_transaction_session_timeout`.execute(conn).catch(() => undefined);
    }
  });
}
