// `pnpm bench list`: the student list against a bare node:http + pg server that runs the same SQL
// and answers the same body (issue 21). Runs of the app and of the bare server alternate, so
// both see the same load on a shared machine; the ratios are what the targets are about.
import type { Server } from 'node:http';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { apiKeyWithVersionQuery } from '../src/features/auth/repository.js';
import { listStudentsStatements } from '../src/features/students/repository.js';
import { brusselsDate } from '../src/platform/time/index.js';
import { testConfig } from '../src/test/harness.js';
import { startBare } from './bench-bare.js';
import { loadTest } from './bench-load.js';
import { sqlTimes } from './bench-list-sql.js';
import { caseToken, seedListData, TOKEN } from './bench-list-data.js';
import { startProfiler } from './bench-profile.js';
import type { Row } from './bench-row.js';

interface Setup {
  app: Awaited<ReturnType<typeof buildApp>>;
  database: DatabaseHandle;
  db: DatabaseHandle['db'];
  iid: string;
  close(): Promise<void>;
}

const SECONDS = Number(process.env.BENCH_LIST_SECONDS ?? 5);

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
  // Page 80 by its cursor: follow nextCursor from page 1 (and by page number, for comparison).
  let cursor = '';
  for (let p = 1; p < 80; p++) {
    const res = await fetch(
      `http://127.0.0.1:${portOf(uncached.server)}${page1}${cursor ? `&cursor=${cursor}` : ''}`,
      {
        headers: { authorization: `Bearer ${TOKEN}` },
      },
    );
    cursor = ((await res.json()) as { nextCursor: string }).nextCursor;
  }
  const page80 = `${page1}&cursor=${cursor}`;
  const page80ByNumber = `${page1}&page=80`;

  const bare = opts.pglite
    ? null
    : await startBare(
        s.database.url!,
        // The app's own API-key statement, its one value the token's hash.
        apiKeyWithVersionQuery(db, () => '').compile().sql,
        { [page1]: statementsOf(group), [wholePage1]: statementsOf(whole) },
        s.iid,
        big.id,
      );

  type Measured = { rps: number; p50: number; cpuPerReq: number; errors: number };
  // BENCH_PROFILE=<dir>: a profile per run, <dir>/list-<n>-app.cpuprofile or -bare (the bare
  // server runs in this process too).
  const profiler = await startProfiler(process.env.BENCH_PROFILE);
  let profiled = 0;
  const measure = async (
    port: number,
    path: string,
    connections: number,
    token: string,
  ): Promise<Measured> => {
    if (profiler) await profiler.start();
    const cpu = process.cpuUsage();
    const r = await loadTest(`http://127.0.0.1:${port}${path}`, connections, SECONDS, token);
    const used = process.cpuUsage(cpu);
    if (profiler) await profiler.stop(`list-${profiled++}-${port === bare?.port ? 'bare' : 'app'}`);
    const errors = r.errors + r.non2xx + r.timeouts;
    return {
      rps: r.requests.average,
      p50: r.latency.p50,
      cpuPerReq: (used.user + used.system) / 1000 / Math.max(1, r.requests.total),
      errors,
    };
  };

  const cases: Array<{
    name: string;
    app: Server;
    bareCached: boolean;
    path: string;
    connections: number;
    floor?: number;
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
  for (const [index, c] of cases.entries()) {
    const appRuns: Measured[] = [];
    const bareRuns: Measured[] = [];
    // Alternate: app, bare, app, bare.
    for (let round = 0; round < 2; round++) {
      appRuns.push(await measure(portOf(c.app), c.path, c.connections, caseToken(index)));
      if (bare)
        bareRuns.push(
          await measure(
            bare.port,
            `${c.path}${c.bareCached ? '&cache=1' : ''}`,
            c.connections,
            TOKEN,
          ),
        );
    }
    loads.push(load());
    // A baseline that answered errors (a refused key, say) measured nothing worth comparing.
    if (bareRuns.some((r) => r.errors)) throw new Error(`bare server: errors in ${c.name}`);
    const best = (runs: typeof appRuns) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));
    const a = best(appRuns);
    rows.push(
      {
        scenario: 'list',
        metric: `${c.name}: app req/s`,
        value: a.rps,
        unit: '/s',
        ...(c.floor ? { floor: `≥ ${c.floor}`, ok: a.rps >= c.floor } : {}),
      },
      { scenario: 'list', metric: `${c.name}: app p50`, value: a.p50, unit: 'ms' },
      {
        scenario: 'list',
        metric: `${c.name}: app Node CPU per request`,
        value: a.cpuPerReq,
        unit: 'ms',
      },
      {
        scenario: 'list',
        metric: `${c.name}: errors`,
        value: appRuns.reduce((n, r) => n + r.errors, 0),
        unit: '',
        floor: '0',
        ok: appRuns.every((r) => r.errors === 0),
      },
    );
    if (bareRuns.length) {
      const b = best(bareRuns);
      const ratio = a.rps / b.rps;
      rows.push(
        { scenario: 'list', metric: `${c.name}: bare req/s`, value: b.rps, unit: '/s' },
        {
          scenario: 'list',
          metric: `${c.name}: bare Node CPU per request`,
          value: b.cpuPerReq,
          unit: 'ms',
        },
        {
          scenario: 'list',
          metric: `${c.name}: app / bare`,
          value: ratio,
          unit: '×',
          ...(c.bareCached ? {} : { floor: '≥ 0.9', ok: ratio >= 0.9 }),
        },
      );
    }
  }
  // Deep pages: page 80 by cursor against page 1 (uncached, 50 connections), alternating.
  const deep: Record<string, number[]> = { page1: [], page80: [], offset80: [] };
  for (let round = 0; round < 2; round++) {
    deep.page1!.push((await measure(portOf(uncached.server), page1, 50, caseToken(5))).rps);
    deep.page80!.push((await measure(portOf(uncached.server), page80, 50, caseToken(6))).rps);
    deep.offset80!.push(
      (await measure(portOf(uncached.server), page80ByNumber, 50, caseToken(7))).rps,
    );
  }
  loads.push(load());
  const max = (xs: number[]) => Math.max(...xs);
  const deepRatio = max(deep.page80!) / max(deep.page1!);
  rows.push(
    {
      scenario: 'list',
      metric: 'page 80 by cursor, uncached, 50 connections: req/s',
      value: max(deep.page80!),
      unit: '/s',
    },
    {
      scenario: 'list',
      metric: 'page 80 by page number (OFFSET), same: req/s',
      value: max(deep.offset80!),
      unit: '/s',
    },
    {
      scenario: 'list',
      metric: 'page 80 by cursor / page 1 (req/s)',
      value: deepRatio,
      unit: '×',
      floor: '0.8–1.2',
      ok: deepRatio >= 0.8 && deepRatio <= 1.2,
    },
    {
      scenario: 'list',
      metric: `load average (1 min) during the runs: ${loads.join(', ')}`,
      value: Number(load()),
      unit: '',
    },
  );
  profiler?.close();
  await bare?.close();
  await uncached.close();
  await s.close();
}
