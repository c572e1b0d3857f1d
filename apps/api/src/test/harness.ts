import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import type { AppContext } from '../context.js';
import { createPostgres, type Database, type DatabaseHandle } from '../db/database.js';
import { freshDatabase, TEST_CREDENTIALS_KEY } from './databases.js';

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  database: DatabaseHandle;
  ctx: AppContext;
  config: Config;
  request: () => supertest.Agent;
  /** Moves the app's clock; sessions and statuses follow it. */
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sl-test-')),
      PASSWORD_PEPPER: 'test-pepper-test-pepper-test-pepper-0123',
      SESSION_SECRET: 'test-session-secret-test-session-secret-01',
      CREDENTIALS_KEY: TEST_CREDENTIALS_KEY.toString('base64url'),
      PUBLIC_BASE_URL: 'http://schoolloket.test',
      LOG_LEVEL: 'silent',
    },
    () => undefined,
  );
  // Cheap hashing keeps the suite fast; the real cost is measured by `pnpm bench`.
  return { ...config, argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 }, ...overrides };
}

export async function createTestApp(
  overrides: Partial<Config> = {},
  opts: { logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const database: DatabaseHandle = await freshDatabase();
  const clock = {
    now: new Date(),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  return startApp(database, clock, overrides, opts, () => database.close());
}

/** A test app that logs (at `overrides.logLevel`) into `logs`, one entry a line, as it runs. */
export async function createLoggingTestApp(overrides: Partial<Config>) {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  return { t: await createTestApp(overrides, { logStream }), logs };
}

/**
 * A second instance on the same database as `t`, as a second server process would be: its own
 * connection pool on PostgreSQL (the same PGlite otherwise, which is single-process), its own
 * secrets from `overrides`, the same clock.
 */
export async function createPeerApp(t: TestApp, overrides: Partial<Config> = {}): Promise<TestApp> {
  const { databasePoolSize, databaseTimeouts } = testConfig(overrides);
  const handle = t.database.url
    ? createPostgres(t.database.url, databasePoolSize, databaseTimeouts)
    : t.database;
  return startApp(handle, t.clock, overrides, {}, async () => {
    if (handle !== t.database) await handle.close();
  });
}

async function startApp(
  database: DatabaseHandle,
  clock: TestApp['clock'],
  overrides: Partial<Config>,
  opts: { logStream?: NodeJS.WritableStream },
  closeDatabase: () => Promise<void>,
): Promise<TestApp> {
  const config = testConfig(overrides);
  const app = await buildApp(config, {
    database,
    ...(opts.logStream ? { logStream: opts.logStream } : { logger: false }),
    now: () => clock.now,
    serveWeb: false,
  });
  await app.ready();
  return {
    app,
    db: database.db,
    database,
    ctx: app.ctx,
    config,
    clock,
    request: () => supertest.agent(app.server),
    close: async () => {
      await app.close();
      await closeDatabase();
    },
  };
}
