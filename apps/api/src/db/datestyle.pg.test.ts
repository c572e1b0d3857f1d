import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { createPostgres, directQuery } from './database.js';
import { databaseUrl, onServer } from '../test/databases.js';

// PostgreSQL only: a database whose DateStyle is not ISO (set by its administrator, for psql's
// sake) must not change what the app reads (found by an outside test: every session check
// answered 500, its expiry read as null).

const base = process.env.TEST_DATABASE_URL!;
const name = `sl_datestyle_${randomBytes(4).toString('hex')}`;

beforeAll(() =>
  onServer(base, `create database ${name}`, `alter database ${name} set datestyle = 'SQL, DMY'`),
);
afterAll(() => onServer(base, `drop database if exists ${name} with (force)`));

describe('a database with another DateStyle', () => {
  it('is read in ISO: timestamps as instants, dates as YYYY-MM-DD', async () => {
    const h = createPostgres(databaseUrl(base, name), 2);
    try {
      for (let i = 0; i < 3; i++) {
        const { rows } = await sql<{ at: Date; day: string; style: string }>`
          select timestamptz '2026-11-30 08:45:12.345+01' as at, date '2017-03-04' as day,
                 current_setting('datestyle') as style`.execute(h.db);
        expect(rows[0]!.style).toBe('ISO, MDY');
        expect(rows[0]!.at.toISOString()).toBe('2026-11-30T07:45:12.345Z');
        expect(rows[0]!.day).toBe('2017-03-04');
      }
    } finally {
      await h.close();
    }
  });

  it('is set before the connection is handed out: no query of a request waits behind it', async () => {
    // pg deprecates a query sent while another waits on the same client (pg@9 removes it; pg 8
    // warns once per process): a setup sent from the pool's 'connect' event was still waiting
    // when a request's query came. Each query is checked as pg checks it, on its queue.
    const waitedBehind: string[] = [];
    const query = pg.Client.prototype.query;
    const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
      this: pg.Client,
      ...args: unknown[]
    ) {
      const queue = (this as unknown as { _queryQueue?: unknown[] })._queryQueue;
      if (!Array.isArray(queue)) throw new Error("pg's client has no _queryQueue: check this test");
      if (queue.length > 0)
        waitedBehind.push(String((args[0] as { text?: string }).text ?? args[0]));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query);
    const h = createPostgres(databaseUrl(base, name), 4);
    try {
      // Straight on the pool, as the prepared statements of every request go (directQuery): the
      // pool hands a new connection to such a query in the same tick as it connects.
      const run = directQuery(h.db)!;
      const styles = await Promise.all(
        Array.from({ length: 4 }, () => run(`select current_setting('datestyle') as style`, [])),
      );
      expect(styles.map((r) => (r.rows[0] as { style: string }).style)).toEqual(
        Array(4).fill('ISO, MDY'),
      );
      expect(waitedBehind).toEqual([]);
    } finally {
      spy.mockRestore();
      await h.close();
    }
  });
});
