// pnpm bench oidc: app sign-ins through the whole OpenID Connect code flow against plain portal
// logins (both argon2-bound: target ≥ 0.9×), and the token and userinfo endpoints' p50 at one
// connection. The server runs in this process on a real port (the issuer is its address); the
// client side (plain fetch with a cookie jar, as a browser and a relying party would do it) runs
// in a child process, bench-oidc-client.ts, for both kinds of sign-in alike: a code flow is four
// HTTP requests (authorization, the login inside the interaction, its continueTo, token), and a
// load generator on the server's own event loop would charge their client work to the server.
// Client and server still share the machine's cores, so the rows also give the CPU time per
// sign-in of the server process (all its threads) and of the load generator: on two cores the
// rates are bound by CPU, and those figures move less with other load than the rates.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../src/config.js';
import { studentWithAccount } from '../src/test/portal-factories.js';
import type { Answer, Request } from './bench-oidc-client.js';
import { startProfiler } from './bench-profile.js';
import type { Row } from './bench-row.js';

type Setup = (
  students: number,
  config?: Partial<Config>,
) => Promise<{ app: FastifyInstance; iid: string; close(): Promise<void> }>;

const PASSWORD = 'zal659';
const USERS = 40;
const IN_FLIGHT = 4;
const ROUNDS = 3;
const PER_ROUND = 60;
const LATENCY_SAMPLES = 200;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The load generator in its own process (it inherits this process's tsx loader), asked one thing
 * at a time.
 */
function loadGenerator() {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./bench-oidc-client.ts', import.meta.url)),
  );
  let pending: { resolve(a: Answer): void; reject(e: Error): void } | undefined;
  child.on('message', (a: Answer) => {
    const p = pending;
    pending = undefined;
    if (a.kind === 'error') p?.reject(new Error(`load generator: ${a.message}`));
    else p?.resolve(a);
  });
  child.on('exit', (code) => {
    pending?.reject(new Error(`load generator exited (${code})`));
    pending = undefined;
  });
  const ask = <K extends Answer['kind']>(req: Request) =>
    new Promise<Extract<Answer, { kind: K }>>((resolve, reject) => {
      pending = { resolve: resolve as (a: Answer) => void, reject };
      child.send(req);
    });
  return {
    ask,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ kind: 'exit' } satisfies Request);
      }),
  };
}

const b64url = (b: Buffer) => b.toString('base64url');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function benchOidc(setup: Setup, rows: Row[]): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const s = await setup(0, { publicBaseUrl: base });
  const ctx = s.app.ctx;
  await s.app.listen({ port, host: '127.0.0.1' });
  const usernames: string[] = [];
  for (let i = 0; i < USERS; i++)
    usernames.push((await studentWithAccount(ctx, s.iid, {}, { password: PASSWORD })).username);
  const redirectUri = 'https://bench-app.example/callback';
  const clientId = `bench_${b64url(randomBytes(6))}`;
  await ctx.db
    .insertInto('apps')
    .values({
      client_id: clientId,
      institution_id: s.iid,
      name: 'Bench app',
      redirect_uris: JSON.stringify([redirectUri]),
      post_logout_redirect_uris: JSON.stringify([]),
      for_students: true,
      for_parents: false,
      confidential: false,
      subject_type: 'pairwise',
      disabled: false,
    })
    .execute();

  const client = loadGenerator();
  try {
    await client.ask({
      kind: 'init',
      target: { base, clientId, redirectUri, usernames, password: PASSWORD },
    });
    // The CPU time each sign-in costs: the server process (every thread: the event loop and the
    // argon2id hashes on libuv's pool) and the load generator. On a 2-core machine the rates are
    // bound by this CPU, so its ratio says what the rates' ratio can be, whatever else runs.
    const serverCpu: Record<'portal' | 'code', number[]> = { portal: [], code: [] };
    const clientCpu: Record<'portal' | 'code', number[]> = { portal: [], code: [] };
    // BENCH_PROFILE=<dir>: a profile of the server's event loop (argon2id runs on libuv's pool,
    // outside it) per measured round, <dir>/<flow>-<n>.cpuprofile.
    const profiler = await startProfiler(process.env.BENCH_PROFILE);
    let measured = false;
    let profiled = 0;
    const rate = async (flow: 'portal' | 'code', count: number) => {
      const profiling = profiler && measured;
      if (profiling) await profiler.start();
      const cpu = process.cpuUsage();
      const a = await client.ask<'rate'>({ kind: 'rate', flow, count, inFlight: IN_FLIGHT });
      const used = process.cpuUsage(cpu);
      if (profiling) await profiler.stop(`${flow}-${profiled++}`);
      serverCpu[flow].push((used.user + used.system) / 1000 / count);
      clientCpu[flow].push(a.cpuMs);
      return a.rate;
    };

    // Warm both paths (JIT, pool, keys), then alternate rounds so the machine's drift hits both.
    await rate('portal', 8);
    await rate('code', 8);
    for (const flow of ['portal', 'code'] as const) {
      serverCpu[flow].length = 0;
      clientCpu[flow].length = 0;
    }
    measured = true;
    const load = loadavg()[0]!;
    const portal: number[] = [];
    const flows: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      portal.push(await rate('portal', PER_ROUND));
      flows.push(await rate('code', PER_ROUND));
    }
    const loadAfter = loadavg()[0]!;
    profiler?.close();
    // One connection: one signed-in browser asks for codes (no login: its session stands), and
    // the relying party exchanges each and reads userinfo, one request at a time.
    const { auth, token, userinfo } = await client.ask<'latency'>({
      kind: 'latency',
      samples: LATENCY_SAMPLES,
    });
    report(rows, { load, loadAfter, portal, flows, auth, token, userinfo, serverCpu, clientCpu });
  } finally {
    await client.close();
    await s.close();
  }
}

function report(
  rows: Row[],
  m: Record<'load' | 'loadAfter', number> &
    Record<'portal' | 'flows' | 'auth' | 'token' | 'userinfo', number[]> &
    Record<'serverCpu' | 'clientCpu', Record<'portal' | 'code', number[]>>,
) {
  const { load, loadAfter, portal, flows, auth, token, userinfo, serverCpu, clientCpu } = m;
  const portalRate = median(portal);
  const flowRate = median(flows);
  const ratio = flowRate / portalRate;
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
  rows.push(
    { scenario: 'oidc', metric: 'load average (1 min) before the rates', value: load, unit: '' },
    { scenario: 'oidc', metric: 'load average (1 min) after them', value: loadAfter, unit: '' },
    {
      scenario: 'oidc',
      metric: `portal logins, ${IN_FLIGHT} in flight (median of ${ROUNDS} rounds: ${fmt(portal)})`,
      value: portalRate,
      unit: '/s',
    },
    {
      scenario: 'oidc',
      metric: `app sign-ins through the code flow, ${IN_FLIGHT} in flight (${fmt(flows)})`,
      value: flowRate,
      unit: '/s',
    },
    {
      scenario: 'oidc',
      metric: 'ratio code-flow sign-ins / portal logins',
      value: ratio,
      unit: '×',
      floor: '≥ 0.9',
      ok: ratio >= 0.9,
    },
    {
      scenario: 'oidc',
      metric: 'server CPU per portal login (all threads, argon2id included; median of rounds)',
      value: median(serverCpu.portal),
      unit: 'ms',
    },
    {
      scenario: 'oidc',
      metric: 'server CPU per code-flow sign-in (the same portal login inside)',
      value: median(serverCpu.code),
      unit: 'ms',
    },
    {
      scenario: 'oidc',
      metric: 'load generator CPU per portal login',
      value: median(clientCpu.portal),
      unit: 'ms',
    },
    {
      scenario: 'oidc',
      metric: 'load generator CPU per code-flow sign-in',
      value: median(clientCpu.code),
      unit: 'ms',
    },
    {
      scenario: 'oidc',
      metric: 'authorization request with a session (to the code), 1 connection: p50',
      value: median(auth),
      unit: 'ms',
    },
    {
      scenario: 'oidc',
      metric: 'token endpoint (code → tokens), 1 connection: p50',
      value: median(token),
      unit: 'ms',
    },
    {
      scenario: 'oidc',
      metric: 'userinfo, 1 connection: p50',
      value: median(userinfo),
      unit: 'ms',
    },
  );
}
