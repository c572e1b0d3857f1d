import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createPostgres } from './database.js';
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
});
