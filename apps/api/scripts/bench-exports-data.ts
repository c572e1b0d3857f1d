// The data of `pnpm bench exports`: a migrated database (PostgreSQL or PGlite) and 10,000
// students with accounts written straight into it.
import {
  DEFAULT_GRID,
  generatePicturePassword,
  generateTemporaryPassword,
  generateWordPassword,
} from '@schoolloket/core';
import { join } from 'node:path';
import { createPglite, createPostgres, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { sealSecret, type Secret } from '../src/features/accounts/index.js';
import { SecretBox, tokenHash } from '../src/platform/security/index.js';
import { databaseUrl, onServer } from '../src/test/databases.js';
import { benchStudent } from './bench-names.js';

export const SIZES = [1000, 10_000];
export const TOTAL = 10_000;
export const TOKEN = 'slk_bench-exports-bench-exports-bench-0001';
export const SECRETS = {
  PASSWORD_PEPPER: 'bench-pepper-bench-pepper-bench-pepper-01',
  SESSION_SECRET: 'bench-session-secret-bench-session-secret',
  CREDENTIALS_KEY: Buffer.alloc(32, 11).toString('base64url'),
};

function once(handle: DatabaseHandle): DatabaseHandle {
  let closing: Promise<void> | undefined;
  return { ...handle, close: () => (closing ??= handle.close()) };
}

/** A migrated database for the server, on PostgreSQL or in a PGlite data directory. */
export async function openDatabase(pglite: boolean, dataDir: string) {
  if (pglite) {
    const handle = await createPglite(join(dataDir, 'pglite'));
    await migrateToLatest(handle.db);
    return { handle: once(handle), url: undefined, drop: async () => undefined };
  }
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sl_bench_exports_${process.pid}`;
  const drop = `drop database if exists ${name} with (force)`;
  await onServer(base, drop, `create database ${name}`);
  const url = databaseUrl(base, name);
  const handle: DatabaseHandle = createPostgres(url, 4);
  await migrateToLatest(handle.db);
  return { handle: once(handle), url, drop: () => onServer(base, drop) };
}

/**
 * 10,000 students with an account each, written straight into the database (bulk creation
 * would spend minutes hashing): a quarter picture passwords, a quarter temporary ones (advanced
 * accounts), half word passwords; secrets sealed with the server's key, as bulk creation does.
 */
export async function seed(db: DatabaseHandle['db']) {
  const box = new SecretBox(Buffer.from(SECRETS.CREDENTIALS_KEY, 'base64url'));
  const school = await db
    .insertInto('institutions')
    .values({ name: 'Bench school' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('api_keys')
    .values({
      institution_id: school.id,
      name: 'bench',
      prefix: TOKEN.slice(0, 10),
      token_hash: tokenHash(TOKEN),
      scope: 'read-write',
    })
    .execute();
  const now = new Date();
  const ids: string[] = [];
  for (let i = 0; i < TOTAL; i += 1000) {
    const students = [];
    for (let j = i; j < i + 1000; j++) {
      students.push(benchStudent(school.id, j));
    }
    const inserted = await db.insertInto('students').values(students).returning('id').execute();
    const accounts = inserted.map(({ id }, k) => {
      const j = i + k;
      const kind: Secret['kind'] = j % 4 === 0 ? 'picture' : j % 4 === 1 ? 'temporary' : 'word';
      const secret: Secret =
        kind === 'picture'
          ? { kind, pictures: generatePicturePassword(DEFAULT_GRID, 5) }
          : {
              kind,
              password: kind === 'word' ? generateWordPassword() : generateTemporaryPassword(),
            };
      return {
        student_id: id,
        institution_id: school.id,
        username: `leerling.${j}`,
        type: kind === 'temporary' ? ('advanced' as const) : ('basic' as const),
        password_kind: kind,
        // Never checked by an export; bulk creation would store an argon2 hash here.
        password_hash: 'bench-not-a-hash',
        secret_enc: sealSecret((p, a) => box.seal(p, a), id, secret),
        must_change: kind === 'temporary',
        created_at: now,
        updated_at: now,
      };
    });
    await db
      .insertInto('usernames')
      .values(
        accounts.map((a) => ({
          username: a.username,
          institution_id: school.id,
          student_id: a.student_id,
          issued_at: now,
        })),
      )
      .execute();
    for (let k = 0; k < accounts.length; k += 500)
      await db
        .insertInto('accounts')
        .values(accounts.slice(k, k + 500))
        .execute();
    ids.push(...inserted.map((s) => s.id));
  }
  const batches: Record<number, string> = {};
  for (const n of SIZES) {
    const batch = await db
      .insertInto('batches')
      .values({
        institution_id: school.id,
        student_ids: ids.slice(0, n),
        basic_count: n,
        advanced_count: 0,
        actor_kind: 'system',
        actor_id: null,
        actor_name: 'bench',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    batches[n] = batch.id;
  }
  return { iid: school.id, batches };
}

/** The last output of each server, to say why it went away when a run fails. */
