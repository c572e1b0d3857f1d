// `pnpm bench list`: the student list against a bare node:http + pg server that runs the same SQL
// and answers the same body (issue 21). Runs of the app and of the bare server alternate, so
// both see the same load on a shared machine; the ratios are what the targets are about.
import type { Server } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { apiKeyWithVersionQuery } from '../src/features/auth/repository.js';
import { cursorList } from '../src/features/students/list.js';
import { listStudentsStatements } from '../src/features/students/repository.js';
import { brusselsDate } from '../src/platform/time/index.js';
import { testConfig } from '../src/test/harness.js';
import { startBare } from './bench-bare.js';
import { loadGenerator, loadTest } from './bench-load.js';
import { sqlTimes } from './bench-list-sql.js';
import { caseToken, KEYS, MIXED_GROUP, seedListData, TOKEN } from './bench-list-data.js';
import {
  eventLoopCpuMs,
  otherCpu,
  otherCpuMsSince,
  postgresCpu,
  postgresCpuMsSince,
  reapedChildrenMs,
} from './cpu-times.js';
import { startProfiler } from './bench-profile.js';
import type { Row } from './bench-row.js';

interface Setup {
  app: Awaited<ReturnType<typeof buildApp>>;
  database: DatabaseHandle;
  db: DatabaseHandle['db'];
  iid: string;
  close(): Promise<void>;
}

const SECONDS = Number(process.env.BENCH_LIST_SECONDS ?? 4);
// An even number: each side goes first in half of the rounds (see paired).
const ROUNDS = Number(process.env.BENCH_LIST_ROUNDS ?? 6);
const WARM_SECONDS = 2;
// BENCH_LIST_CASES=<text>: only the cases whose name holds it (and no deep-page comparison unless
// it names "page 80"), for a quick look at one case.
const ONLY = process.env.BENCH_LIST_CASES;
// BENCH_LIST_AA=1: the app against itself instead of the bare server (an A/A run), to see how far
// two identical servers' ratio strays on this machine: the instrument's own noise.
const AA = process.env.BENCH_LIST_AA === '1';
const OTHER = AA ? 'app again (A/A)' : 'bare';
// A round in which other programs (not this process, its load generator or PostgreSQL) used more
// than this share of the machine's CPU measured them as much as the servers: it is measured again,
// up to ROUNDS more times per comparison, and the rows say how many were (see paired).
const BUSY_SHARE = 0.05;

export async function benchList(
  setup: (students: number) => Promise<Setup>,
  rows: Row[],
  opts: { pglite: boolean },
) {
  const s = await setup(50_000);
  const { db } = s;
  // A group of 50,000 (in the same school: one API key opens one school); its count is no
  // small index range.
  const big = { id: s.iid };
  await seedListData(db, s.iid);
  if (!opts.pglite) await sql`analyze`.execute(db);

  const today = brusselsDate(new Date());
  const group = { iid: s.iid, filter: { group: '3e groep' } };
  const whole = { iid: big.id, filter: { group: 'Alle' } };
  const mixed = { iid: s.iid, filter: { group: MIXED_GROUP } };
  const statementsOf = (
    c: typeof group,
    after?: Parameters<typeof listStudentsStatements>[3]['after'],
    offset = 0,
  ) =>
    listStudentsStatements(db, c.iid, c.filter, {
      today,
      sort: 'lastName',
      order: 'asc',
      limit: 50,
      offset,
      ...(after ? { after } : {}),
    });

  // SQL time alone (PostgreSQL's own EXPLAIN ANALYZE), as the floor every server stands on.
  if (!opts.pglite) rows.push(...(await sqlTimes(db, s.iid, statementsOf, group, whole)));

  const cached = s.app;
  await cached.listen({ port: 0, host: '127.0.0.1' });
  // The same API without the page cache (LIST_CACHE_MB=0): every request reads the version and
  // runs the page query (the total is kept per version either way).
  const uncached = await buildApp(
    { ...testConfig(), listCacheBytes: 0 },
    { database: { ...s.database, close: async () => undefined }, logger: false, serveWeb: false },
  );
  await uncached.listen({ port: 0, host: '127.0.0.1' });
  const portOf = (server: Server) => (server.address() as { port: number }).port;

  const pathOf = (iid: string, query: string) => `/api/v1/institutions/${iid}/students?${query}`;
  const page1 = pathOf(s.iid, `group=${encodeURIComponent('3e groep')}&pageSize=50`);
  const wholePage1 = pathOf(big.id, 'group=Alle&pageSize=50');
  const mixedPage1 = pathOf(s.iid, `group=${MIXED_GROUP}&pageSize=50`);
  // Page 80 by its cursor: follow nextCursor from page 1; and the last row of page 79, which the
  // bare server's statement for page 80 starts after.
  const page80Of = async (first: string) => {
    let cursor = '';
    let after: { key: string; lastName: string; firstName: string; id: string } | undefined;
    for (let p = 1; p < 80; p++) {
      const res = await fetch(
        `http://127.0.0.1:${portOf(uncached.server)}${first}${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: { authorization: `Bearer ${TOKEN}` } },
      );
      const body = (await res.json()) as {
        nextCursor: string;
        items: Array<{ lastName: string; firstName: string; id: string }>;
      };
      cursor = body.nextCursor;
      const { lastName, firstName, id } = body.items.at(-1)!;
      after = { key: lastName, lastName, firstName, id };
    }
    return { path: `${first}&cursor=${cursor}`, after: after! };
  };
  const deep80 = await page80Of(page1);
  const page80 = deep80.path;
  const mixed80 = await page80Of(mixedPage1);
  const page80ByNumber = `${page1}&page=80`;
  const listOf = (c: typeof group) => ({ iid: c.iid, list: cursorList(c.iid, c.filter) });

  const bare = opts.pglite
    ? null
    : await startBare(
        s.database.url!,
        testConfig().sessionSecret,
        // The app's own API-key statement, its one value the token's hash.
        apiKeyWithVersionQuery(db, () => '').compile().sql,
        {
          [page1]: { ...listOf(group), page: 1, statements: statementsOf(group) },
          [page80]: { ...listOf(group), page: 80, statements: statementsOf(group, deep80.after) },
          [mixedPage1]: { ...listOf(mixed), page: 1, statements: statementsOf(mixed) },
          [mixed80.path]: {
            ...listOf(mixed),
            page: 80,
            statements: statementsOf(mixed, mixed80.after),
          },
          [wholePage1]: { ...listOf(whole), page: 1, statements: statementsOf(whole) },
        },
      );

  // Same body: the bare server answers what the app answers, byte for byte, or the ratio
  // compares different work.
  if (bare)
    for (const path of [page1, page80, mixedPage1, mixed80.path, wholePage1]) {
      const [own, base] = await Promise.all(
        [portOf(uncached.server), bare.port].map(async (port) =>
          (
            await fetch(`http://127.0.0.1:${port}${path}`, {
              headers: { authorization: `Bearer ${TOKEN}` },
            })
          ).text(),
        ),
      );
      if (own !== base) throw new Error(`bench list: the bare server's body differs for ${path}`);
    }

  type Measured = {
    rps: number;
    p50: number;
    cpuPerReq: number;
    loopPerReq: number;
    pgPerReq: number;
    gcPerReq: number;
    loadPerReq: number;
    /** The share of the machine's CPU that other programs used during the run. */
    otherShare: number;
    errors: number;
  };
  const generator = loadGenerator();
  // BENCH_PROFILE=<dir>: a profile per run, <dir>/list-<n>-app.cpuprofile or -bare (the bare
  // server runs in this process too).
  const profiler = await startProfiler(process.env.BENCH_PROFILE);
  let profiled = 0;
  // Every run of the app gets a key of its own (see caseToken); the bare server checks TOKEN.
  let keys = 0;
  // V8's collector, on the event loop and beside it: pauses of every kind, summed per run.
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const measure = async (
    port: number,
    path: string,
    connections: number,
    seconds = SECONDS,
  ): Promise<Measured> => {
    if (keys >= KEYS) throw new Error('bench list: more runs than API keys (KEYS)');
    const token = port === bare?.port ? TOKEN : caseToken(keys++);
    // Both servers run in this process: the garbage of one run is collected before the next
    // starts (with --expose-gc, as `pnpm bench` runs), not during it, where it would slow the
    // other side of the pair.
    globalThis.gc?.();
    if (profiler) await profiler.start();
    const cpu = process.cpuUsage();
    const loop = eventLoopCpuMs() ?? NaN;
    const pg0 = postgresCpu();
    const gc0 = gcMs;
    const reaped = reapedChildrenMs() ?? NaN;
    const other0 = otherCpu();
    const started = performance.now();
    const r = await loadTest(
      generator,
      `http://127.0.0.1:${port}${path}`,
      connections,
      seconds,
      token,
    );
    // The generator has ended and been waited for: its CPU time is in this process's children's.
    const loadMs = (reapedChildrenMs() ?? NaN) - reaped;
    const wallMs = performance.now() - started;
    const otherMs = otherCpuMsSince(other0) ?? 0;
    const used = process.cpuUsage(cpu);
    const loopMs = (eventLoopCpuMs() ?? NaN) - loop;
    const pgMs = postgresCpuMsSince(pg0) ?? NaN;
    if (profiler) await profiler.stop(`list-${profiled++}-${port === bare?.port ? 'bare' : 'app'}`);
    const n = Math.max(1, r.total);
    return {
      rps: r.rps,
      p50: r.p50,
      cpuPerReq: (used.user + used.system) / 1000 / n,
      loopPerReq: loopMs / n,
      pgPerReq: pgMs / n,
      gcPerReq: (gcMs - gc0) / n,
      loadPerReq: loadMs / n,
      otherShare: otherMs / (wallMs * availableParallelism()),
      errors: r.errors,
    };
  };

  const cases: Array<{
    name: string;
    app: Server;
    bareCached: boolean;
    path: string;
    connections: number;
    /** The issue's targets (21): ≥ 1,500 req/s and ≥ 0.9× at 50 connections, ≥ 1,000 req/s for one group of 50,000. */
    floor?: number;
    ratioFloor?: boolean;
  }> = [
    {
      name: 'group of 4,167, page 1, uncached, 1 connection',
      app: uncached.server,
      bareCached: false,
      path: page1,
      connections: 1,
    },
    {
      name: 'group of 4,167, page 1, uncached, 50 connections',
      app: uncached.server,
      bareCached: false,
      path: page1,
      connections: 50,
      floor: 1500,
      ratioFloor: true,
    },
    {
      name: 'group of 4,167, page 1, cached, 1 connection',
      app: cached.server,
      bareCached: true,
      path: page1,
      connections: 1,
    },
    {
      name: 'group of 4,167, page 1, cached, 50 connections',
      app: cached.server,
      bareCached: true,
      path: page1,
      connections: 50,
    },
    {
      name: 'one group of 50,000, page 1, uncached, 50 connections',
      app: uncached.server,
      bareCached: false,
      path: wholePage1,
      connections: 50,
      floor: 1000,
    },
  ];
  const load = () => loadavg()[0]!.toFixed(1);
  const loads: string[] = [load()];
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  // Paired rounds: each round measures both sides back to back (in turns: app first in even
  // rounds, bare first in odd ones), so a change in the machine's speed hits both alike; the
  // ratio is the median of the rounds' ratios. Each side is warmed first (JIT, pool, plans).
  // A round that other programs disturbed (BUSY_SHARE, on either side) is measured again: what
  // they take is neither server's, and it hits one side of a pair only. Whether a round is
  // measured again depends on the other programs' CPU alone, never on the round's ratio.
  const paired = async (
    a: (seconds?: number) => Promise<Measured>,
    b: (seconds?: number) => Promise<Measured>,
  ) => {
    await a(WARM_SECONDS);
    await b(WARM_SECONDS);
    const as: Measured[] = [];
    const bs: Measured[] = [];
    let repeated = 0;
    for (let round = 0; round < ROUNDS;) {
      let x: Measured;
      let y: Measured;
      if (round % 2 === 0) {
        x = await a();
        y = await b();
      } else {
        y = await b();
        x = await a();
      }
      if (Math.max(x.otherShare, y.otherShare) > BUSY_SHARE && repeated < ROUNDS) {
        repeated++;
        continue;
      }
      as.push(x);
      bs.push(y);
      round++;
    }
    const busiest = Math.max(...as.map((r) => r.otherShare), ...bs.map((r) => r.otherShare));
    return { as, bs, ratios: as.map((x, i) => x.rps / bs[i]!.rps), repeated, busiest };
  };
  // How much other programs disturbed a comparison: rounds measured again, and the largest share
  // of the machine they took in a round that counts.
  const disturbance = (r: { repeated: number; busiest: number }) =>
    `; other programs: ${r.repeated} round${r.repeated === 1 ? '' : 's'} measured again, ` +
    `at most ${(100 * r.busiest).toFixed(0)} % of the CPU in a counted one`;
  const mid = (runs: Measured[], key: Exclude<keyof Measured, 'errors'>) =>
    median(runs.map((r) => r[key]));
  // Where a side's time per request went: all its threads, the event loop, PostgreSQL, the GC, and
  // the load generator's own (it shares the machine).
  const cpuRows = (name: string, side: string, runs: Measured[]): Row[] =>
    (
      [
        ['Node CPU', 'cpuPerReq'],
        ['event loop CPU', 'loopPerReq'],
        ['PostgreSQL CPU', 'pgPerReq'],
        ['garbage collection', 'gcPerReq'],
        [`load generator (${generator}) CPU`, 'loadPerReq'],
      ] as const
    ).map(([what, key]) => ({
      scenario: 'list',
      metric: `${name}: ${side} ${what} per request`,
      value: mid(runs, key),
      unit: 'ms',
    }));
  for (const c of cases) {
    if (ONLY && !c.name.includes(ONLY)) continue;
    const app = (seconds?: number) => measure(portOf(c.app), c.path, c.connections, seconds);
    const bareRun = AA
      ? app
      : (seconds?: number) =>
          measure(bare!.port, `${c.path}${c.bareCached ? '&cache=1' : ''}`, c.connections, seconds);
    const pair = bare ? await paired(app, bareRun) : undefined;
    const appRuns = pair ? pair.as : [await app(), await app()];
    const bareRuns = pair ? pair.bs : [];
    loads.push(load());
    // A baseline that answered errors (a refused key, say) measured nothing worth comparing.
    if (bareRuns.some((r) => r.errors)) throw new Error(`bare server: errors in ${c.name}`);
    const rps = mid(appRuns, 'rps');
    rows.push(
      {
        scenario: 'list',
        metric: `${c.name}: app req/s (median of ${appRuns.length})`,
        value: rps,
        unit: '/s',
        ...(c.floor ? { floor: `≥ ${c.floor}`, ok: rps >= c.floor } : {}),
      },
      { scenario: 'list', metric: `${c.name}: app p50`, value: mid(appRuns, 'p50'), unit: 'ms' },
      ...cpuRows(c.name, 'app', appRuns),
      {
        scenario: 'list',
        metric: `${c.name}: errors`,
        value: appRuns.reduce((n, r) => n + r.errors, 0),
        unit: '',
        floor: '0',
        ok: appRuns.every((r) => r.errors === 0),
      },
    );
    if (pair) {
      const ratio = median(pair.ratios);
      rows.push(
        {
          scenario: 'list',
          metric: `${c.name}: ${OTHER} req/s`,
          value: mid(bareRuns, 'rps'),
          unit: '/s',
        },
        ...cpuRows(c.name, AA ? 'app again' : 'bare', bareRuns),
        {
          scenario: 'list',
          metric: `${c.name}: app / ${OTHER} (median of rounds: ${fmt(pair.ratios)}${disturbance(pair)})`,
          value: ratio,
          unit: '×',
          ...(c.ratioFloor && !AA ? { floor: '≥ 0.9', ok: ratio >= 0.9 } : {}),
        },
      );
    }
  }
  if (ONLY && !'page 80'.includes(ONLY)) {
    gc.disconnect();
    profiler?.close();
    await bare?.close();
    await uncached.close();
    await s.close();
    return;
  }
  // Deep pages (uncached, 50 connections): page 80 by cursor against page 1, paired the same way,
  // on the app and on the bare server, in the bench's "3e groep" and in MIXED_GROUP; then page 80
  // by page number (OFFSET), for comparison. Page 1 of "3e groep" is all ASCII and its page 80 has
  // a name outside Latin-1 on every row, which pg decodes and a server encodes again more slowly:
  // that pair's ratio is the names' as much as the depth's, as the bare server's same ratio shows.
  // MIXED_GROUP holds the same names on every page, so its ratio is the depth's alone: the target.
  const pageRatio = async (port: number, first: string, deepPath: string) => {
    const r = await paired(
      (seconds) => measure(port, first, 50, seconds),
      (seconds) => measure(port, deepPath, 50, seconds),
    );
    const ratios = r.ratios.map((x) => 1 / x);
    return { ...r, ratios, ratio: median(ratios) };
  };
  const appPort = portOf(uncached.server);
  const deep = await pageRatio(appPort, page1, page80);
  const bareDeep = bare ? await pageRatio(bare.port, page1, page80) : undefined;
  const mixedDeep = await pageRatio(appPort, mixedPage1, mixed80.path);
  const bareMixed = bare ? await pageRatio(bare.port, mixedPage1, mixed80.path) : undefined;
  const offset80: number[] = [];
  for (let round = 0; round < 2; round++)
    offset80.push((await measure(appPort, page80ByNumber, 50)).rps);
  loads.push(load());
  const namesDiffer = 'group of 4,167 (page 1 all ASCII, page 80 not Latin-1)';
  const sameNames = `group "${MIXED_GROUP}" of 4,167 (the same names on every page)`;
  rows.push(
    {
      scenario: 'list',
      metric: 'page 80 by cursor, uncached, 50 connections: req/s',
      value: mid(deep.bs, 'rps'),
      unit: '/s',
    },
    ...cpuRows('page 80 by cursor, uncached, 50 connections', 'app', deep.bs),
    ...cpuRows('page 1 beside it', 'app', deep.as),
    ...(bareDeep
      ? [
          ...cpuRows('page 80 by cursor, uncached, 50 connections', 'bare', bareDeep.bs),
          ...cpuRows('page 1 beside it', 'bare', bareDeep.as),
        ]
      : []),
    {
      scenario: 'list',
      metric: 'page 80 by page number (OFFSET), same: req/s',
      value: median(offset80),
      unit: '/s',
    },
    {
      scenario: 'list',
      metric: `${namesDiffer}: page 80 by cursor / page 1 (rounds: ${fmt(deep.ratios)}${disturbance(deep)})`,
      value: deep.ratio,
      unit: '×',
    },
    ...(bareDeep
      ? [
          {
            scenario: 'list',
            metric: `${namesDiffer}, bare: page 80 / page 1 (rounds: ${fmt(bareDeep.ratios)}${disturbance(bareDeep)})`,
            value: bareDeep.ratio,
            unit: '×',
          },
        ]
      : []),
    {
      scenario: 'list',
      metric: `${sameNames}: page 80 by cursor / page 1 (rounds: ${fmt(mixedDeep.ratios)}${disturbance(mixedDeep)})`,
      value: mixedDeep.ratio,
      unit: '×',
      floor: '0.8–1.2',
      ok: mixedDeep.ratio >= 0.8 && mixedDeep.ratio <= 1.2,
    },
    ...(bareMixed
      ? [
          {
            scenario: 'list',
            metric: `${sameNames}, bare: page 80 / page 1 (rounds: ${fmt(bareMixed.ratios)}${disturbance(bareMixed)})`,
            value: bareMixed.ratio,
            unit: '×',
          },
        ]
      : []),
  );
  rows.push({
    scenario: 'list',
    metric: `load average (1 min) during the runs: ${loads.join(', ')}`,
    value: Number(load()),
    unit: '',
  });
  gc.disconnect();
  profiler?.close();
  await bare?.close();
  await uncached.close();
  await s.close();
}
