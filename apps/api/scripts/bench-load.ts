// The load generator of `pnpm bench list`: wrk when it is installed, else autocannon, in a process of
// its own.
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';

/** What one run of the load generator measured. */
export interface Load {
  /** Requests per second over the run. */
  rps: number;
  /** Requests answered. */
  total: number;
  /** Median latency, ms. */
  p50: number;
  /** Connection errors, timeouts and answers other than 2xx. */
  errors: number;
}

/**
 * The generator: `BENCH_LOAD=wrk` or `BENCH_LOAD=autocannon`; by default wrk when `wrk` runs here.
 * On a 2-core machine the generator shares the CPU with the servers and PostgreSQL, and every
 * millisecond it spends is one the servers do not get: autocannon (JavaScript) spends about
 * 0.25 ms of CPU per request, wrk (C, one thread) about 0.05 ms (both measured here, and printed
 * per case by the bench as "load generator CPU per request").
 */
export function loadGenerator(): 'wrk' | 'autocannon' {
  const wanted = process.env.BENCH_LOAD;
  if (wanted === 'wrk' || wanted === 'autocannon') return wanted;
  if (wanted) throw new Error(`BENCH_LOAD=${wanted}: expected wrk or autocannon`);
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return 'wrk';
  } catch (err) {
    // wrk --version prints its usage and exits 1; only a missing program is "not installed".
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'autocannon' : 'wrk';
  }
}

/** `connections` keep-alive connections to `url` for `seconds`, with the API key `token`. */
export function loadTest(
  generator: 'wrk' | 'autocannon',
  url: string,
  connections: number,
  seconds: number,
  token: string,
): Promise<Load> {
  return generator === 'wrk'
    ? wrk(url, connections, seconds, token)
    : autocannonRun(url, connections, seconds, token);
}

/** wrk's summary as one JSON line, written by its `done` hook. */
const WRK_SCRIPT = fileURLToPath(new URL('./bench-wrk.lua', import.meta.url));

async function wrk(url: string, connections: number, seconds: number, token: string) {
  const out = await run('wrk', [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    '-s',
    WRK_SCRIPT,
    '-H',
    `authorization: Bearer ${token}`,
    url,
  ]);
  const r = JSON.parse(out.trim().split('\n').pop()!) as {
    requests: number;
    us: number;
    p50: number;
    errors: number;
    non2xx: number;
    timeouts: number;
  };
  return {
    rps: r.requests / (r.us / 1e6),
    total: r.requests,
    p50: r.p50,
    errors: r.errors + r.non2xx + r.timeouts,
  };
}

async function autocannonRun(url: string, connections: number, seconds: number, token: string) {
  const bin = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));
  const out = await run(process.execPath, [
    bin,
    '--json',
    '-c',
    String(connections),
    '-d',
    String(seconds),
    '-H',
    `authorization=Bearer ${token}`,
    url,
  ]);
  const r = JSON.parse(out) as autocannon.Result;
  return {
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    errors: r.errors + r.non2xx + r.timeouts,
  };
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) =>
    execFile(file, args, { maxBuffer: 64 * 2 ** 20 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    ),
  );
}
