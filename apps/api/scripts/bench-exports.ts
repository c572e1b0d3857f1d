// `pnpm bench exports [--source]`: the accounts ZIP (xlsx + cards + stickers, and cards and
// stickers per group) of 1,000 and of 10,000 accounts, downloaded from a real API server in a
// child process (the built server, as `pnpm start` runs it — `pnpm bench` builds core and api
// first — or with --source from source under tsx, as the e2e tests run it) so that time and
// peak RSS are the server's own. Each size gets a server process of its own, and its peak is
// the kernel's (VmHWM over the process's whole life: start, the worker, the export), so the two
// figures compare like with like. During the 10,000 export a probe asks /api/health/ready every
// 50 ms, which shows how long other requests wait.
// Floors: 1,000 ≤ 3 s and ≤ 300 MB (the issue's). 10,000 ≤ 30 s: building is linear in the
// accounts, so ten times the 1,000 budget. Memory: the peak for 10,000 ≤ 1.1 × the peak for
// 1,000 (issue 18): the files are written to a sealed temporary file page by page and streamed
// to the client, so the memory does not grow with the accounts. /api/health/ready p99 ≤ 100 ms
// while it runs: a request waits no longer than a user notices (before the worker, one waited
// for the whole build).
// Called by bench.ts.
import JSZip from 'jszip';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openDatabase, seed, SECRETS, SIZES, TOKEN } from './bench-exports-data.js';
import type { Row } from './bench-row.js';
import { freePort } from './two-instances/cluster.js';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));

const MB = 2 ** 20;

function status(pid: number): string {
  return readFileSync(`/proc/${pid}/status`, 'utf8');
}
function kb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status(pid))?.[1] ?? 0) * 1024;
}
/** user + system CPU seconds of the process (all threads) */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const serverLogs = new WeakMap<ChildProcess, string>();

async function startServer(
  env: NodeJS.ProcessEnv,
  baseUrl: string,
  built: boolean,
): Promise<ChildProcess> {
  if (built && !existsSync(join(API_DIR, 'dist/server.js')))
    throw new Error('the built server is missing: run pnpm build first, or pass --source');
  const server = spawn(
    process.execPath,
    built
      ? ['dist/server.js']
      : ['--import', 'tsx', '--conditions=schoolloket-source', 'src/server.ts'],
    { cwd: API_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (d: Buffer) => {
    log = (log + d.toString('utf8')).slice(-20_000);
    serverLogs.set(server, log);
  };
  server.stdout!.on('data', keep);
  server.stderr!.on('data', keep);
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error(`API exited before it was healthy:\n${log}`);
    try {
      if ((await fetch(`${baseUrl}/api/health/ready`)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  server.kill('SIGTERM');
  throw new Error(`API not healthy after 60 s:\n${log}`);
}

/**
 * /api/health/ready (one database round trip, 800 ms budget) every 50 ms until stopped:
 * latencies in ms, and the answers that were not 200 (a 503 when the database round trip took
 * longer than its budget, or the connection error) — counted, not fatal, so that an overloaded
 * machine still gets its time and memory figures.
 */
function probe(baseUrl: string) {
  const latencies: number[] = [];
  const failures: string[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${baseUrl}/api/health/ready`);
        await res.arrayBuffer();
        if (!res.ok) failures.push(String(res.status));
      } catch (err) {
        failures.push(String((err as Error & { cause?: Error }).cause ?? err));
      }
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return { latencies: latencies.sort((a, b) => a - b), failures };
    },
  };
}

async function download(url: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200)
    throw new Error(`export answered ${res.status}: ${body.toString('utf8').slice(0, 300)}`);
  return body;
}

async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}

export async function benchExports(rows: Row[], opts: { pglite: boolean }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sl-bench-exports-'));
  const database = await openDatabase(opts.pglite, dataDir);
  let server: ChildProcess | undefined;
  try {
    const { iid, batches } = await seed(database.handle.db);
    // PGlite allows one process per data directory: the server opens it after us.
    if (opts.pglite) await database.handle.close();
    const built = !process.argv.includes('--source');
    const row = (metric: string, value: number, unit: string, floor?: number) =>
      rows.push({
        scenario: 'exports',
        metric,
        value,
        unit,
        ...(floor === undefined ? {} : { floor: `≤ ${floor}`, ok: value <= floor }),
      });
    const peaks: Record<number, number> = {};

    for (const n of SIZES) {
      // A server process of its own for each size: its peak RSS is this export's and nothing
      // else's.
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...SECRETS,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PUBLIC_BASE_URL: baseUrl,
        // info: a shutdown says which signal asked for it (a run once lost its server that way).
        LOG_LEVEL: 'info',
        SEED_DEMO: 'false',
      };
      delete env.DATABASE_URL;
      if (database.url) env.DATABASE_URL = database.url;
      server = await startServer(env, baseUrl, built);
      const pid = server.pid!;
      const what = `ZIP for ${n.toLocaleString('en')} accounts`;
      // Latency of the probe on an idle server, to compare with the figure during the export.
      const idle = n === 10_000 ? probe(baseUrl) : undefined;
      if (idle) await new Promise((r) => setTimeout(r, 1000));
      const idleLatencies = (await idle?.stop())?.latencies;
      row(
        `${what}: server RSS at rest (${built ? 'built' : 'from source, tsx'})`,
        kb(pid, 'VmRSS') / MB,
        'MB',
      );
      const load = n === 10_000 ? probe(baseUrl) : undefined;
      const cpu0 = cpuSeconds(pid);
      const start = performance.now();
      const zip = await download(
        `${baseUrl}/api/v1/institutions/${iid}/batches/${batches[n]}/export`,
      );
      const seconds = (performance.now() - start) / 1000;
      const cpu = cpuSeconds(pid) - cpu0;
      const peak = kb(pid, 'VmHWM') / MB;
      peaks[n] = peak;
      const during = await load?.stop();
      const latencies = during?.latencies;
      await stopServer(server);
      server = undefined;
      const entries = await JSZip.loadAsync(zip);
      // The three files of all groups and two per group (the bench school has 12).
      const files = Object.values(entries.files).filter((f) => !f.dir).length;
      if (files !== 3 + 2 * Math.min(n, 12)) throw new Error(`the ZIP has ${files} files`);
      row(`${what}: time`, seconds, 's', n === 10_000 ? 30 : 3);
      row(`${what}: server CPU time`, cpu, 's');
      row(`${what}: server peak RSS (own process)`, peak, 'MB', n === 1000 ? 300 : undefined);
      row(`${what}: size`, zip.length / MB, 'MB');
      if (latencies && idleLatencies) {
        row('/api/health/ready during the 10,000 export: p50', percentile(latencies, 50), 'ms');
        row(
          '/api/health/ready during the 10,000 export: p99',
          percentile(latencies, 99),
          'ms',
          100,
        );
        row(
          '/api/health/ready during the 10,000 export: max',
          latencies[latencies.length - 1]!,
          'ms',
        );
        row('/api/health/ready on the idle server: p99', percentile(idleLatencies, 99), 'ms');
        row('/api/health/ready during the 10,000 export: not 200', during!.failures.length, '', 0);
        if (during!.failures.length > 0)
          console.error(`/api/health/ready during the export: ${during!.failures.join(', ')}`);
      }
    }
    row('peak RSS 10,000 / peak RSS 1,000', peaks[10_000]! / peaks[1000]!, '×', 1.1);
  } catch (error) {
    if (server) {
      const how = server.exitCode ?? server.signalCode ?? 'still running';
      console.error(`The API server (${how}) said last:\n${serverLogs.get(server) ?? '(nothing)'}`);
    }
    throw error;
  } finally {
    await stopServer(server);
    await database.handle.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
