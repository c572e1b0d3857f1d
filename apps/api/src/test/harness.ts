import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import type { AppContext } from '../context.js';
import type { Database, DatabaseHandle } from '../db/database.js';
import { freshDatabase } from './databases.js';

export interface TestApp {
  app: FastifyInstance;
  db: Database;
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
      CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64url'),
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
    ctx: app.ctx,
    config,
    clock,
    request: () => supertest.agent(app.server),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
