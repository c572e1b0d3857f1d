// pnpm bench [scenario…] [--pglite]: runs the benchmarks on PostgreSQL (BENCH_DATABASE_URL, default
// the local server) or embedded PGlite, prints one table and writes bench/results.json (a run of
// some scenarios keeps the other scenarios' last rows there, with the date each was measured).
import '../src/runtime-notices.js';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import supertest from 'supertest';
import { buildApp } from '../src/app.js';
import { createPglite, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { PasswordHasher } from '../src/platform/security/index.js';
import { droppedOnClose, onServer } from '../src/test/databases.js';
import { testConfig } from '../src/test/harness.js';
import type { Config } from '../src/config.js';
import { benchExports } from './bench-exports.js';
import { benchImport } from './bench-import.js';
import { benchList } from './bench-list.js';
import { benchMonday } from './bench-monday.js';
import { benchOidc } from './bench-oidc.js';
import { benchStudent } from './bench-names.js';
import type { Row } from './bench-row.js';

const rows: Row[] = [];
const args = process.argv.slice(2);
const usePglite = args.includes('--pglite');
const wanted = args.filter((a) => !a.startsWith('--'));
const run = (name: string) => wanted.length === 0 || wanted.includes(name);
const cores = availableParallelism();

async function freshDb(): Promise<DatabaseHandle> {
  if (usePglite) {
    const h = await createPglite(undefined);
    await migrateToLatest(h.db);
    return h;
  }
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sl_bench_${process.pid}`;
  await onServer(url, `drop database if exists ${name} with (force)`, `create database ${name}`);
  const h = droppedOnClose(url, name, 10);
  await migrateToLatest(h.db);
  return h;
}

async function setup(students: number, config: Partial<Config> = {}) {
  const database = await freshDb();
  const cfg = {
    ...testConfig(),
    argon2: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
    ...config,
  };
  const app = await buildApp(cfg, { database, logger: false, serveWeb: false });
  await app.ready();
  const { db } = database;
  const school = await db
    .insertInto('institutions')
    .values({ name: 'Bench school' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hasher = new PasswordHasher({ pepper: cfg.passwordPepper, ...cfg.argon2 });
  const admin = await db
    .insertInto('admin_users')
    .values({
      email: 'bench@school.test',
      name: 'Bench',
      password_hash: await hasher.hash('bench-password'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('memberships')
    .values({ admin_user_id: admin.id, institution_id: school.id, role: 'admin' })
    .execute();
  for (let i = 0; i < students; i += 1000) {
    const chunk = [];
    for (let j = i; j < Math.min(students, i + 1000); j++) {
      chunk.push(benchStudent(school.id, j));
    }
    await db.insertInto('students').values(chunk).execute();
  }
  const agent = supertest.agent(app.server);
  await agent
    .post('/api/v1/auth/login')
    .send({ email: 'bench@school.test', password: 'bench-password' })
    .expect(200);
  return {
    app,
    database,
    db,
    iid: school.id,
    agent,
    hasher,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

async function benchAccounts() {
  const n = 1000;
  const s = await setup(n);
  const ids = (await s.db.selectFrom('students').select('id').execute()).map((r) => r.id);
  // Time per hash, measured alone.
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) await s.hasher.hash(`sample-password-${i}`);
  const hashMs = (performance.now() - t0) / 20;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const start = performance.now();
  const res = await s.agent
    .post(`/api/v1/institutions/${s.iid}/accounts`)
    .set('Idempotency-Key', 'bench-accounts-0001')
    .send({
      items: ids.map((id, i) => ({
        studentId: id,
        type: i % 2 ? 'advanced' : 'basic',
        passwordKind: i % 2 ? 'temporary' : i % 4 ? 'word' : 'picture',
      })),
    });
  const wall = performance.now() - start;
  loop.disable();
  if (res.status !== 201)
    throw new Error(`bulk create failed: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  const ideal = (n * hashMs) / cores;
  const ratio = wall / ideal;
  const p99 = loop.percentile(99) / 1e6;
  rows.push(
    { scenario: 'accounts', metric: 'bulk create 1,000: wall', value: wall / 1000, unit: 's' },
    { scenario: 'accounts', metric: 'time per hash (alone)', value: hashMs, unit: 'ms' },
    {
      scenario: 'accounts',
      metric: `ratio wall / (1,000 × hash / ${cores} cores)`,
      value: ratio,
      unit: '×',
      floor: '≤ 1.3',
      ok: ratio <= 1.3,
    },
    {
      scenario: 'accounts',
      metric: 'event-loop delay p99 during the run',
      value: p99,
      unit: 'ms',
      floor: '< 50',
      ok: p99 < 50,
    },
  );
  return { s, ids };
}

async function benchLogin(ctx: Awaited<ReturnType<typeof benchAccounts>>) {
  const { s } = ctx;
  // Word and temporary passwords of the bulk created above.
  const created = await s.db
    .selectFrom('accounts')
    .select(['username', 'student_id'])
    .limit(200)
    .execute();
  const res = await s.agent
    .post(`/api/v1/institutions/${s.iid}/exports/preview`)
    .send({ studentIds: created.map((c) => c.student_id) });
  if (res.status !== 200) throw new Error('preview failed');
  const batch = await s.db
    .selectFrom('idempotency_keys')
    .select('response_enc')
    .executeTakeFirstOrThrow();
  const body = JSON.parse(
    s.app.ctx.secrets.open(batch.response_enc!, `idem:${s.iid}:bench-accounts-0001`),
  ) as { items: Array<{ username: string; password?: string; pictures?: string[] }> };
  const users = body.items.filter((i) => i.password).slice(0, 100);
  const time = async (fn: (i: number) => Promise<unknown>, n: number) => {
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = w; i < n; i += 4) await fn(i);
      }),
    );
    return (performance.now() - start) / n;
  };
  const ok = await time(async (i) => {
    const u = users[i % users.length]!;
    const r = await supertest(s.app.server)
      .post('/api/v1/portal/login')
      .set('x-forwarded-for', `10.0.${i % 250}.1`)
      .send({ username: u.username, password: u.password });
    if (r.status !== 200) throw new Error(`login ${r.status} ${JSON.stringify(r.body)}`);
  }, 200);
  const unknown = await time(async (i) => {
    await supertest(s.app.server)
      .post('/api/v1/portal/login')
      .send({ username: `nobody.${i}`, password: 'wrong-password' });
  }, 100);
  const wrong = await time(async (i) => {
    await supertest(s.app.server)
      .post('/api/v1/portal/login')
      .send({ username: users[i % users.length]!.username, password: 'wrong-password' });
  }, 100);
  rows.push(
    { scenario: 'login', metric: 'portal login, 4 in flight: ms per login', value: ok, unit: 'ms' },
    { scenario: 'login', metric: 'portal login throughput', value: 1000 / ok, unit: '/s' },
    { scenario: 'login', metric: 'unknown username: ms per attempt', value: unknown, unit: 'ms' },
    {
      scenario: 'login',
      metric: 'known username, wrong password: ms per attempt',
      value: wrong,
      unit: 'ms',
    },
    {
      scenario: 'login',
      metric: 'cost ratio unknown / known',
      value: unknown / wrong,
      unit: '×',
      floor: '0.8–1.25',
      ok: unknown / wrong >= 0.8 && unknown / wrong <= 1.25,
    },
  );
}

async function main() {
  let accounts: Awaited<ReturnType<typeof benchAccounts>> | undefined;
  if (run('accounts') || run('login')) accounts = await benchAccounts();
  if (run('exports')) await benchExports(rows, { pglite: usePglite });
  if (run('login')) await benchLogin(accounts ?? (await benchAccounts()));
  await accounts?.s.close();
  if (run('list')) await benchList(setup, rows, { pglite: usePglite });
  if (run('import')) await benchImport(setup, rows);
  if (run('monday')) await benchMonday(freshDb, rows);
  if (run('oidc')) await benchOidc(setup, rows);

  const width = Math.max(...rows.map((r) => r.metric.length));
  console.log(
    `\nschoolloket benchmarks — ${usePglite ? 'PGlite' : 'PostgreSQL'}, ${cores} cores, node ${process.version}\n`,
  );
  console.log(
    `${'scenario'.padEnd(10)} ${'metric'.padEnd(width)} ${'value'.padStart(10)}  unit  target   ok`,
  );
  for (const r of rows) {
    console.log(
      `${r.scenario.padEnd(10)} ${r.metric.padEnd(width)} ${r.value.toFixed(r.value < 10 ? 2 : 1).padStart(10)}  ${r.unit.padEnd(4)}  ${(r.floor ?? '').padEnd(7)}  ${r.ok === undefined ? '' : r.ok ? 'yes' : 'NO'}`,
    );
  }
  const out = fileURLToPath(new URL('../../../bench/', import.meta.url));
  mkdirSync(out, { recursive: true });
  // A run of some scenarios keeps the others' last figures (and says when each was measured).
  const now = new Date().toISOString();
  const ran = new Set(rows.map((r) => r.scenario));
  let kept: Row[] = [];
  let dates: Record<string, string> = {};
  if (wanted.length > 0 && existsSync(`${out}results.json`)) {
    const previous = JSON.parse(readFileSync(`${out}results.json`, 'utf8')) as {
      date: string;
      database: string;
      rows: Row[];
      scenarioDates?: Record<string, string>;
    };
    if (previous.database === (usePglite ? 'pglite' : 'postgres')) {
      kept = previous.rows.filter((r) => !ran.has(r.scenario));
      dates = Object.fromEntries(
        kept.map((r) => [r.scenario, previous.scenarioDates?.[r.scenario] ?? previous.date]),
      );
    }
  }
  for (const scenario of ran) dates[scenario] = now;
  writeFileSync(
    `${out}results.json`,
    JSON.stringify(
      {
        date: now,
        database: usePglite ? 'pglite' : 'postgres',
        cores,
        scenarioDates: dates,
        rows: [...kept, ...rows],
      },
      null,
      2,
    ),
  );
}

await main();
