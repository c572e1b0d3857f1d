// pnpm bench oidc: app sign-ins through the whole OpenID Connect code flow against plain portal
// logins (both argon2-bound: target ≥ 0.9×), and the token and userinfo endpoints' p50 at one
// connection. The server runs in this process on a real port (the issuer is its address); the
// client side (plain fetch with a cookie jar, as a browser and a relying party would do it) runs
// in a child process, bench-oidc-client.ts, for both kinds of sign-in alike: a code flow is four
// HTTP requests (authorization, the login inside the interaction, its continueTo, token), and a
// load generator on the server's own event loop would charge their client work to the server.
// Client and server still share the machine's cores, so the rows also give the CPU time per
// sign-in of the server process (all its threads, and its event loop alone), of the load
// generator and of PostgreSQL: on two cores the rates are bound by CPU, and those figures move
// less with other load than the rates. Two more kinds of sign-in, a portal login and three
// requests that store nothing (bench-oidc-client.ts), show how much of the gap to the portal
// login is the code flow's extra requests as such. BENCH_OIDC_IN_FLIGHT (default 4): sign-ins at
// a time (1 gives CPU figures without contention, e.g. for a profile).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../src/config.js';
import { studentWithAccount } from '../src/test/portal-factories.js';
import type { Answer, Flow, Request } from './bench-oidc-client.js';
import { startProfiler } from './bench-profile.js';
import { eventLoopCpuMs, postgresCpu, postgresCpuMsSince } from './cpu-times.js';
import type { Row } from './bench-row.js';

type Setup = (
  students: number,
  config?: Partial<Config>,
) => Promise<{ app: FastifyInstance; iid: string; close(): Promise<void> }>;

const PASSWORD = 'zal659';
const USERS = 40;
const IN_FLIGHT = Number(process.env.BENCH_OIDC_IN_FLIGHT ?? 4);
const ROUNDS = 5;
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
    const perFlow = (): Record<Flow, number[]> => ({
      portal: [],
      code: [],
      liveness: [],
      jwks: [],
    });
    const serverCpu = perFlow();
    const clientCpu = perFlow();
    const databaseCpu = perFlow();
    const eventLoopCpu = perFlow();
    // BENCH_PROFILE=<dir>: a profile of the server's event loop (argon2id runs on libuv's pool,
    // outside it) per measured round, <dir>/<flow>-<n>.cpuprofile.
    const profiler = await startProfiler(process.env.BENCH_PROFILE);
    let measured = false;
    let profiled = 0;
    const rate = async (flow: Flow, count: number) => {
      const profiling = profiler && measured;
      if (profiling) await profiler.start();
      const cpu = process.cpuUsage();
      const loop = eventLoopCpuMs();
      const database = postgresCpu();
      const a = await client.ask<'rate'>({ kind: 'rate', flow, count, inFlight: IN_FLIGHT });
      const used = process.cpuUsage(cpu);
      const databaseUsed = postgresCpuMsSince(database);
      const loopAfter = eventLoopCpuMs();
      if (profiling) await profiler.stop(`${flow}-${profiled++}`);
      serverCpu[flow].push((used.user + used.system) / 1000 / count);
      clientCpu[flow].push(a.cpuMs);
      if (databaseUsed !== undefined) databaseCpu[flow].push(databaseUsed / count);
      if (loop !== undefined && loopAfter !== undefined)
        eventLoopCpu[flow].push((loopAfter - loop) / count);
      return a.rate;
    };

    // Warm both paths (JIT, pool, keys), then alternate rounds so the machine's drift hits both.
    await rate('portal', 8);
    await rate('code', 8);
    await rate('liveness', 8);
    await rate('jwks', 8);
    for (const flow of FLOWS) {
      serverCpu[flow].length = 0;
      clientCpu[flow].length = 0;
      databaseCpu[flow].length = 0;
      eventLoopCpu[flow].length = 0;
    }
    measured = true;
    const load = loadavg()[0]!;
    const rates = perFlow();
    for (let r = 0; r < ROUNDS; r++)
      for (const flow of FLOWS) rates[flow].push(await rate(flow, PER_ROUND));
    const loadAfter = loadavg()[0]!;
    profiler?.close();
    // One connection: one signed-in browser asks for codes (no login: its session stands), and
    // the relying party exchanges each and reads userinfo, one request at a time.
    const { auth, token, userinfo } = await client.ask<'latency'>({
      kind: 'latency',
      samples: LATENCY_SAMPLES,
    });
    report(rows, {
      load,
      loadAfter,
      rates,
      auth,
      token,
      userinfo,
      serverCpu,
      clientCpu,
      databaseCpu,
      eventLoopCpu,
    });
  } finally {
    await client.close();
    await s.close();
  }
}

/** The flows, in the order each round runs them, and what their rows call them. */
const FLOWS: Flow[] = ['portal', 'code', 'liveness', 'jwks'];
const FLOW_NAMES: Record<Flow, string> = {
  portal: 'portal logins',
  code: 'app sign-ins through the code flow (the same portal login inside)',
  liveness: 'portal login + 3 liveness requests',
  jwks: 'portal login + 3 JWKS requests (through the provider, nothing stored)',
};

function report(
  rows: Row[],
  m: Record<'load' | 'loadAfter', number> &
    Record<'auth' | 'token' | 'userinfo', number[]> &
    Record<
      'rates' | 'serverCpu' | 'eventLoopCpu' | 'clientCpu' | 'databaseCpu',
      Record<Flow, number[]>
    >,
) {
  const { load, loadAfter, rates, auth, token, userinfo, serverCpu, clientCpu } = m;
  const { databaseCpu, eventLoopCpu } = m;
  const rate = (flow: Flow) => median(rates[flow]);
  const ratio = rate('code') / rate('portal');
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
  const row = (metric: string, value: number, unit: string): Row => ({
    scenario: 'oidc',
    metric,
    value,
    unit,
  });
  rows.push(
    row('load average (1 min) before the rates', load, ''),
    row('load average (1 min) after them', loadAfter, ''),
    ...FLOWS.map((flow) =>
      row(
        `${FLOW_NAMES[flow]}, ${IN_FLIGHT} in flight (median of ${ROUNDS} rounds: ${fmt(rates[flow])})`,
        rate(flow),
        '/s',
      ),
    ),
    {
      ...row('ratio code-flow sign-ins / portal logins', ratio, '×'),
      floor: '≥ 0.9',
      ok: ratio >= 0.9,
    },
    // The code flow adds three requests to the login. The same three requests doing nothing
    // (to the liveness route; to the provider's JWKS) say what the code flow could reach at the
    // most on this machine: the room left for its own work is the gap between them and 0.9.
    row(
      'ratio portal login + 3 liveness requests / portal logins (the most a flow of 4 can reach)',
      rate('liveness') / rate('portal'),
      '×',
    ),
    row(
      'ratio portal login + 3 JWKS requests / portal logins (the same, through the provider)',
      rate('jwks') / rate('portal'),
      '×',
    ),
    // On two cores the rates are bound by CPU: per sign-in, the server process (every thread:
    // the event loop and argon2id on libuv's pool), the load generator and PostgreSQL.
    ...FLOWS.map((flow) =>
      row(`server CPU per sign-in: ${FLOW_NAMES[flow]}`, median(serverCpu[flow]), 'ms'),
    ),
    // The event loop alone: what the server's own code costs, without argon2id's hashes (on the
    // pool, and far noisier than the rest).
    ...(eventLoopCpu.code.length
      ? FLOWS.map((flow) =>
          row(
            `server CPU per sign-in on the event loop (/proc, 10 ms ticks): ${FLOW_NAMES[flow]}`,
            median(eventLoopCpu[flow]),
            'ms',
          ),
        )
      : []),
    ...FLOWS.map((flow) =>
      row(`load generator CPU per sign-in: ${FLOW_NAMES[flow]}`, median(clientCpu[flow]), 'ms'),
    ),
    ...(databaseCpu.code.length
      ? FLOWS.map((flow) =>
          row(
            `PostgreSQL CPU per sign-in (its processes, /proc, 10 ms ticks): ${FLOW_NAMES[flow]}`,
            median(databaseCpu[flow]),
            'ms',
          ),
        )
      : []),
    row(
      'authorization request with a session (to the code), 1 connection: p50',
      median(auth),
      'ms',
    ),
    row('token endpoint (code → tokens), 1 connection: p50', median(token), 'ms'),
    row('userinfo, 1 connection: p50', median(userinfo), 'ms'),
  );
}
