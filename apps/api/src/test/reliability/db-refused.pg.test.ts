import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { isDatabaseUnavailable } from '../../plugins/errors.js';
import { databaseUrl, onServer } from '../databases.js';

// PostgreSQL only: the errors of a server that refuses the app's connections, as PostgreSQL
// really sends them, count as the database being unavailable (503 problem+json with Retry-After,
// as a lost connection is answered), not as a bug (500). Found by an outside test: every request
// of an instance past its role's connection limit, or during ALTER DATABASE … ALLOW_CONNECTIONS
// false, answered 500 with a stack trace in the log.

const server = process.env.TEST_DATABASE_URL!;
const suffix = randomBytes(5).toString('hex');
const role = `sl_limited_${suffix}`;
const closed = `sl_closed_${suffix}`;

afterAll(async () => {
  await onServer(server, `drop role if exists ${role}`, `drop database if exists ${closed}`);
});

/** The error of connecting to `url`. */
async function refusal(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    return err;
  } finally {
    await client.end().catch(() => undefined);
  }
  throw new Error('the connection was accepted');
}

describe('a database that refuses the connection', () => {
  it('over the role connection limit (53300)', async () => {
    await onServer(server, `create role ${role} login connection limit 0`);
    const url = new URL(server);
    url.username = role;
    const err = await refusal(url.toString());
    expect((err as { code?: string }).code).toBe('53300');
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('while it does not accept connections (55000), and not for another 55000', async () => {
    await onServer(
      server,
      `create database ${closed}`,
      `alter database ${closed} allow_connections false`,
    );
    const err = await refusal(databaseUrl(server, closed));
    expect((err as { code?: string }).code).toBe('55000');
    expect(isDatabaseUnavailable(err)).toBe(true);
    const other = Object.assign(new Error('cannot refresh materialized view concurrently'), {
      code: '55000',
    });
    expect(isDatabaseUnavailable(other)).toBe(false);
  });

  it('when its host name does not resolve', async () => {
    const url = new URL(server);
    url.hostname = 'schoolloket-db.invalid';
    const err = await refusal(url.toString());
    expect(isDatabaseUnavailable(err)).toBe(true);
  });
});
