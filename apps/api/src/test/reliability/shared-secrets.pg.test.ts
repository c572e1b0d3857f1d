import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config.js';
import type { DatabaseHandle } from '../../db/database.js';
import { freshDatabase, TEST_CREDENTIALS_KEY } from '../databases.js';
import { freePort } from '../net-support.js';

// PostgreSQL only: two server processes on one database, each with its own DATA_DIR, as two
// hosts behind a load balancer would be.

const apiDir = fileURLToPath(new URL('../../..', import.meta.url));
let database: DatabaseHandle;
const dirs: string[] = [];

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  /** Resolves with 'up' once it listens, or with its exit code. */
  outcome: Promise<'up' | number | null>;
}

async function startServer(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'sl-instance-'));
  dirs.push(dataDir);
  const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=schoolloket-source', 'src/server.ts'],
    {
      cwd: apiDir,
      env: {
        ...inherited,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: database.url!,
        LOG_LEVEL: 'warn',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const outcome = new Promise<'up' | number | null>((resolve) => {
    const watch = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Schoolloket runs at')) resolve('up');
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.on('exit', (code) => resolve(code));
  });
  return { child, port, output: () => output, outcome };
}

async function stop(s: Started) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((resolve) => s.child.on('exit', resolve));
  s.child.kill('SIGTERM');
  await exited;
}

const secrets = {
  PASSWORD_PEPPER: 'shared-pepper-shared-pepper-shared-pepper-01',
  SESSION_SECRET: 'shared-session-secret-shared-session-secret',
  // The test database is a copy of the template, whose identity-provider signing keys are sealed
  // with the tests' CREDENTIALS_KEY: instances sharing that database must share that key too.
  CREDENTIALS_KEY: TEST_CREDENTIALS_KEY.toString('base64url'),
};

describe('secrets of several instances on one PostgreSQL database', () => {
  it('refuses to start an instance without the shared secrets, naming the variables', async () => {
    const servers = await Promise.all([startServer({}), startServer({})]);
    try {
      const outcomes = await Promise.all(servers.map((s) => s.outcome));
      expect(outcomes).toEqual([1, 1]);
      for (const s of servers) {
        expect(s.output()).toContain(
          'Invalid configuration: PASSWORD_PEPPER, CREDENTIALS_KEY, SESSION_SECRET are required when DATABASE_URL is set',
        );
      }
    } finally {
      await Promise.all(servers.map(stop));
    }
  }, 240_000); // two server processes compile the sources with tsx; slow on a busy machine

  it('names only the missing one, still generates secrets for PGlite outside production, and checks the pool size', () => {
    const base = { NODE_ENV: 'development', DATA_DIR: mkdtempSync(join(tmpdir(), 'sl-cfg-')) };
    dirs.push(base.DATA_DIR);
    const { SESSION_SECRET: _s, ...twoOfThree } = secrets;
    expect(() =>
      loadConfig({ ...base, ...twoOfThree, DATABASE_URL: database.url! }, () => undefined),
    ).toThrow(/^Invalid configuration: SESSION_SECRET is required when DATABASE_URL is set/);
    const warnings: string[] = [];
    const pglite = loadConfig(base, (m) => warnings.push(m));
    expect(pglite.databaseUrl).toBeUndefined();
    expect(warnings).toHaveLength(3);
    expect(pglite.databasePoolSize).toBe(10);
    const withPool = { ...base, ...secrets, DATABASE_URL: database.url! };
    expect(loadConfig({ ...withPool, DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
    expect(() => loadConfig({ ...withPool, DATABASE_POOL_SIZE: '1' })).toThrow(
      /^Invalid configuration: DATABASE_POOL_SIZE must be a whole number from 2 to 100/,
    );
  });

  it('with the same secrets both come up and a login works on either one', async () => {
    const env = {
      ...secrets,
      ADMIN_EMAIL: 'beheer@school.test',
      ADMIN_PASSWORD: 'een-lang-wachtwoord',
    };
    const servers = await Promise.all([startServer(env), startServer(env)]);
    try {
      expect(await Promise.all(servers.map((s) => s.outcome))).toEqual(['up', 'up']);
      for (const s of servers) {
        const res = await fetch(`http://127.0.0.1:${s.port}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
        });
        expect(res.status).toBe(200);
      }
    } finally {
      await Promise.all(servers.map(stop));
    }
  }, 240_000); // two server processes compile the sources with tsx; slow on a busy machine
});
