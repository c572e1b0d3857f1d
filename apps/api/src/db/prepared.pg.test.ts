import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { createPostgres, directQuery, type DatabaseHandle } from './database.js';
import { prepareStatement, preparedName } from './prepared.js';

// PostgreSQL only: a text registered with prepareStatement() runs as a named statement on both
// ways a query reaches pg (straight on the pool, as every request's key check and list page do,
// and through Kysely), as pg's own Query object rather than a config object that pg copies on
// every query; its errors reach the caller and its connection goes back to the pool.

const base = process.env.TEST_DATABASE_URL!;
const text = `select $1::int + 1 as n, 'prepared.pg.test' as origin`;
prepareStatement(text);

let h: DatabaseHandle | undefined;
afterEach(async () => {
  jest.restoreAllMocks();
  await h?.close();
  h = undefined;
});

/** The first argument of every Client#query call, from now on. */
function clientCalls(): unknown[] {
  const calls: unknown[] = [];
  const query = pg.Client.prototype.query;
  jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    calls.push(args[0]);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query);
  return calls;
}

/** A call's argument as pg's own Query of `sql`. */
const isQueryOf = (c: unknown, sql: string) =>
  c instanceof pg.Query && (c as unknown as { text: string }).text === sql;

const viaPool = (db: DatabaseHandle['db'], values: unknown[]) => directQuery(db)!(text, values);
const viaKysely = (db: DatabaseHandle['db'], values: unknown[]) =>
  db.executeQuery(CompiledQuery.raw(text, values));

describe('a registered statement', () => {
  it.each([
    ['straight on the pool', viaPool],
    ['through Kysely', viaKysely],
  ])('runs %s as a named Query, prepared on the connection', async (_way, run) => {
    h = createPostgres(base, 1);
    const calls = clientCalls();
    const results = [await run(h.db, [41]), await run(h.db, [1])];
    expect(results.map((r) => r.rows[0])).toEqual([
      { n: 42, origin: 'prepared.pg.test' },
      { n: 2, origin: 'prepared.pg.test' },
    ]);
    const ours = calls.filter((c) => isQueryOf(c, text));
    expect(ours).toHaveLength(2);
    expect(ours.map((c) => (c as { name?: string }).name)).toEqual(
      Array(2).fill(preparedName(text)),
    );
    // One connection (max 1): the statement is prepared on it, under its name.
    const { rows } = await directQuery(h.db)!(
      `select count(*)::int as n from pg_prepared_statements where name = $1`,
      [preparedName(text)],
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  it.each([
    ['straight on the pool', viaPool],
    ['through Kysely', viaKysely],
  ])('fails %s to its caller and gives its connection back', async (_way, run) => {
    h = createPostgres(base, 1);
    await expect(run(h.db, ['not a number'])).rejects.toMatchObject({ code: '22P02' });
    // The pool's one connection is free again and the statement still runs.
    const again = await run(h.db, [9]);
    expect(again.rows[0]).toEqual({ n: 10, origin: 'prepared.pg.test' });
  });

  it('leaves other texts as pg receives them', async () => {
    h = createPostgres(base, 1);
    const calls = clientCalls();
    const other = `select $1::text as t`;
    expect((await directQuery(h.db)!(other, ['a'])).rows[0]).toEqual({ t: 'a' });
    expect(calls).toContain(other);
    expect(calls.some((c) => isQueryOf(c, other))).toBe(false);
  });
});

describe('closing a database', () => {
  it('ends its connections when every query went straight on the pool', async () => {
    // Kysely ends the pool only after using it itself; the statements of every request bypass it.
    const app = `sl_close_${process.pid}`;
    const url = new URL(base);
    url.searchParams.set('application_name', app);
    const own = createPostgres(url.toString(), 2);
    await directQuery(own.db)!(text, [1]);
    await own.close();
    h = createPostgres(base, 1);
    const open = async () =>
      (
        await directQuery(h!.db)!(
          `select count(*)::int as n from pg_stat_activity where application_name = $1`,
          [app],
        )
      ).rows[0] as { n: number };
    // The server ends a backend shortly after its client says goodbye.
    for (let i = 0; i < 50 && (await open()).n !== 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await open()).toEqual({ n: 0 });
  });
});
