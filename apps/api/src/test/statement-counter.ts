import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { CONNECTION_SETUP } from '../db/database.js';

// The SQL statements this process sends to its database, whichever driver runs them: every call
// of pg's Client#query (Kysely's queries, transactions' BEGIN and COMMIT, and the prepared
// statements that go straight to the pool), or of PGlite's query, exec and transaction (BEGIN,
// each statement inside, COMMIT). For tests that pin how many statements a request costs.
//
// Install it at the top of a test file, before the file's app opens its connections: the pool
// binds each connection's query function when it connects (db/database.ts).

/** The statements sent since the last reset, as their SQL text (first line, trimmed). */
const sent: string[] = [];
let installed = false;

const textOf = (arg: unknown): string =>
  typeof arg === 'string'
    ? arg
    : typeof arg === 'object' && arg !== null && 'text' in arg
      ? String((arg as { text: unknown }).text)
      : '?';

// A new connection's setup statement is the connection's, not the request's that opened it.
const note = (arg: unknown) => {
  const text = textOf(arg);
  if (text !== CONNECTION_SETUP) sent.push(text.replace(/\s+/g, ' ').trim());
};

export function installStatementCounter(): void {
  if (installed) return;
  installed = true;

  const pgQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as { query: unknown }).query = function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    note(args[0]);
    return pgQuery.apply(this, args);
  };

  type Run = (this: PGlite, ...args: unknown[]) => Promise<unknown>;
  const proto = PGlite.prototype as unknown as Record<'query' | 'exec' | 'transaction', Run>;
  const { query, exec, transaction } = proto;
  proto.query = function (...args) {
    note(args[0]);
    return query.apply(this, args);
  };
  proto.exec = function (...args) {
    note(args[0]);
    return exec.apply(this, args);
  };
  proto.transaction = function (fn: unknown) {
    note('BEGIN');
    type Tx = Record<'query' | 'exec', (...a: unknown[]) => Promise<unknown>>;
    return transaction.call(this, async (tx: Tx) => {
      const counted: Tx = Object.create(tx) as Tx;
      counted.query = (...a) => (note(a[0]), tx.query(...a));
      counted.exec = (...a) => (note(a[0]), tx.exec(...a));
      try {
        return await (fn as (tx: Tx) => Promise<unknown>)(counted);
      } finally {
        note('COMMIT');
      }
    });
  };
}

/** Forgets the statements counted so far. */
export function resetStatements(): void {
  sent.length = 0;
}

/** The statements counted since the last reset. */
export function statementsSent(): string[] {
  return [...sent];
}
