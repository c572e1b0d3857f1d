import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPglite, createPostgres, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { ensureSigningKeys } from '../features/oidc/keys.js';
import { SecretBox } from '../platform/security/secret-box.js';

/** CREDENTIALS_KEY of every test app (harness.ts). */
export const TEST_CREDENTIALS_KEY = Buffer.alloc(32, 7);

/**
 * The template carries the provider's signing keys, as after a first start: RSA key generation
 * costs seconds of CPU on a busy machine, once per template instead of once per test file.
 */
async function withSigningKeys(db: DatabaseHandle['db']): Promise<void> {
  await ensureSigningKeys({
    db,
    secrets: new SecretBox(TEST_CREDENTIALS_KEY),
    now: () => new Date(),
  });
}

// Each test file gets its own fresh, migrated database: a copy of a template database on
// PostgreSQL (TEST_DATABASE_URL), or a PGlite loaded from a migrated data-dir dump otherwise.

const TEMPLATE_FILE = join(
  tmpdir(),
  `schoolloket-test-template-${process.env.SL_TEST_RUN ?? 'local'}`,
);

/** The URL of database `name` on the server of `url`. */
export function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs `statements` in order on a connection of their own to `url` (creating, dropping databases). */
export async function onServer(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A pool on the scratch database `name` of the server at `url`; closing it drops the database. */
export function droppedOnClose(url: string, name: string, poolSize: number): DatabaseHandle {
  const handle = createPostgres(databaseUrl(url, name), poolSize);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await onServer(url, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function prepareTemplate(runId: string): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `sl_tpl_${runId}`;
    await onServer(url, `drop database if exists ${name}`, `create database ${name}`);
    const handle = createPostgres(databaseUrl(url, name), 1);
    await migrateToLatest(handle.db);
    await withSigningKeys(handle.db);
    await handle.close();
    return;
  }
  const handle = await createPglite(undefined);
  await migrateToLatest(handle.db);
  await withSigningKeys(handle.db);
  const dump = await handle.dump!();
  await writeFile(`${TEMPLATE_FILE}-${runId}.tar.gz`, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
}

export async function dropTemplate(runId: string): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    await rm(`${TEMPLATE_FILE}-${runId}.tar.gz`, { force: true });
    return;
  }
  await onServer(url, `drop database if exists sl_tpl_${runId} with (force)`);
}

/** A fresh database for one test file. */
export async function freshDatabase(): Promise<DatabaseHandle> {
  const runId = process.env.SL_TEST_RUN!;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `sl_t_${runId}_${randomBytes(4).toString('hex')}`;
    await onServer(url, `create database ${name} template sl_tpl_${runId}`);
    return droppedOnClose(url, name, 10);
  }
  const blob = new Blob([await readFile(`${TEMPLATE_FILE}-${runId}.tar.gz`)]);
  return createPglite(undefined, blob);
}
