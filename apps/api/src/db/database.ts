import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../config.js';
import { preparedName } from './prepared.js';
import type { DB } from './types.js';

export type Database = Kysely<DB>;
/** A transaction: functions that lock rows take this, so that an unlocked call does not compile. */
export type Trx = Transaction<DB>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** PostgreSQL only: the connection string (tests open a second instance on it). */
  url?: string;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball, to clone a migrated database quickly. */
  dump?: () => Promise<Blob>;
}

// Both drivers agree: int8 as string (pg's default), date as 'YYYY-MM-DD' (no timezone shift).
const DATE_OID = 1082;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID
      ? (v: string) => v
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** The statement every new connection runs first (see createPostgres). */
export const CONNECTION_SETUP = 'set datestyle to iso, mdy';

/**
 * The pool's connections carry the server-side timeouts from the start (startup parameters, so
 * no extra round trip), and a request waiting for a connection gives up after `acquireMs` with
 * "timeout exceeded when trying to connect", which the error handler answers 503.
 */
export function createPostgres(
  connectionString: string,
  max = 10,
  timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS,
): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: pgTypes,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    connectionTimeoutMillis: timeouts.acquireMs,
    // pg reads dates and timestamps in ISO only; a DateStyle set on the database or its role
    // ('SQL, DMY', say) would make every timestamp null and every date a different text. The pool
    // waits for this before it hands a new connection out; a connection that cannot run it is
    // ended, and the request that asked for it gets its error. Not a startup option: a URL's own
    // `options` would replace it. Not a query sent from the 'connect' event: it would still wait
    // on the new connection when the pool hands it to a request's query in the same tick, which
    // pg deprecates (and warns about on the first connection of every process).
    onConnect: (client) => client.query(CONNECTION_SETUP),
  });
  // A dropped connection must not crash the process: idle clients report through the pool, and a
  // checked-out client that loses its server between two queries reports on itself (without a
  // listener that is an uncaught 'error' event). The next query on it fails and is answered 503.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    runRegisteredAsPrepared(client);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // A registered text goes out named (runRegisteredAsPrepared sees pool.query's call).
  direct.set(db, (text, values) => pool.query(text, values));
  return {
    db,
    kind: 'postgres',
    url: connectionString,
    // Kysely ends the pool only once it has used it itself: a process whose queries all went
    // straight on the pool (directQuery) would keep its idle connections open after close().
    close: async () => {
      await db.destroy();
      if (!pool.ended) await pool.end();
    },
  };
}

/** The driver's promise as it is: the caller takes the rows (or the first) in its one `then`. */
type DirectQuery = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;
const direct = new WeakMap<Database, DirectQuery>();

/**
 * The pool of a PostgreSQL database, for the few compiled statements run on every request (see
 * preparedQuery): one `pool.query` instead of Kysely's connection provider and executor around
 * it. Undefined for PGlite and for a transaction (which must run on its own connection).
 */
export function directQuery(db: Database): DirectQuery | undefined {
  return direct.get(db);
}

/**
 * Kysely hands every query to `client.query(text, values)`, and pool.query (directQuery) to
 * `client.query(text, values, callback)`; a text registered with prepareStatement() goes out as
 * a named statement instead (pg parses it once per connection).
 */
function runRegisteredAsPrepared(client: pg.PoolClient) {
  const query = client.query as (this: pg.PoolClient, ...args: unknown[]) => unknown;
  // Every query of the pool passes here: no rest array and spread on the way (they cost more
  // than the rest of the wrapper).
  (client as { query: unknown }).query = function (
    this: pg.PoolClient,
    text: unknown,
    values?: unknown,
    callback?: unknown,
  ) {
    const n = arguments.length;
    if (typeof text === 'string' && (n === 2 || (n === 3 && typeof callback === 'function'))) {
      const name = preparedName(text);
      if (name) {
        const named = namedQuery(name, text, values);
        if (n === 3) {
          named.callback = callback as NonNullable<NamedQuery['callback']>;
          query.call(this, named);
          return undefined;
        }
        return new Promise((resolve, reject) => {
          named.callback = (err, result) => (err ? reject(err) : resolve(result));
          query.call(this, named);
        });
      }
    }
    // eslint-disable-next-line prefer-rest-params
    return query.apply(this, arguments as unknown as unknown[]);
  };
}

/**
 * A named statement as pg's own Query (a submittable), made from its text: given a config object
 * instead, pg (8.23) copies the object's property descriptors first, ~1.5–3.5 µs of the event
 * loop on every query, twice in every student-list request.
 */
function namedQuery(name: string, text: string, values: unknown): NamedQuery {
  const q = new pg.Query(text, values as unknown[]) as NamedQuery;
  q.name = name;
  return q;
}

type NamedQuery = pg.Query & {
  name: string;
  callback?: (err: Error | null, result: pg.QueryResult) => void;
};

export async function createPglite(
  dataDir: string | undefined,
  loadDataDir?: Blob,
): Promise<DatabaseHandle> {
  const { PGlite, types } = await import('@electric-sql/pglite');
  const client = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: { [types.INT8]: (v: string) => v, [types.DATE]: (v: string) => v },
  });
  await client.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: client }) });
  return {
    db,
    kind: 'pglite',
    dump: () => client.dumpDataDir('gzip'),
    close: async () => {
      await db.destroy();
      if (!client.closed) await client.close();
    },
  };
}
