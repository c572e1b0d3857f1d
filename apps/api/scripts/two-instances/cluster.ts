// The pieces of the two-instance check: a scratch PostgreSQL database, two processes of the BUILT
// API (dist/server.js, as production runs it), HAProxy in front (deploy/haproxy.cfg, the file the
// docker-compose profile uses); the slow SMTP relay is the tests' catcher (src/test/smtp-catcher.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

export const API_DIR = join(import.meta.dirname, '..', '..');
export const REPO_DIR = join(API_DIR, '..', '..');
export const HAPROXY_CFG = join(REPO_DIR, 'deploy', 'haproxy.cfg');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

/** Polls `probe` until it answers something truthy; throws `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T>, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out (${timeoutMs / 1000} s): ${what}`);
    await sleep(100);
  }
}

export async function scratchDatabase(adminUrl: string) {
  const name = `sl_two_instances_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = new pg.Pool({ connectionString: url.href, max: 2 });
  db.on('error', () => undefined); // an idle connection ended by the final drop
  return {
    url: url.href,
    db,
    async drop() {
      await db.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export interface Instance {
  name: string;
  url: string;
  logFile: string;
  proc: ChildProcess;
  exited: Promise<number | string | null>;
  log(): string;
}

/** The secrets every instance shares, fresh for this run. */
export function sharedSecrets() {
  const s = () => randomBytes(32).toString('base64url');
  return { PASSWORD_PEPPER: s(), SESSION_SECRET: s(), CREDENTIALS_KEY: s() };
}

export async function startInstance(
  name: string,
  port: number,
  env: Record<string, string>,
  logDir: string,
): Promise<Instance> {
  const server = join(API_DIR, 'dist', 'server.js');
  if (!existsSync(server)) throw new Error(`${server} is missing: run \`pnpm build\` first`);
  const logFile = join(logDir, `${name}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const proc = spawn(process.execPath, [server], {
    cwd: API_DIR,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.pipe(out);
  proc.stderr!.pipe(out);
  const exited = new Promise<number | string | null>((r) =>
    proc.on('exit', (code, signal) => r(signal ?? code)),
  );
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    logFile,
    proc,
    exited,
    log: () => readFileSync(logFile, 'utf8'),
  };
}

export async function ready(i: Instance, timeoutMs = 60_000) {
  let dead: unknown;
  void i.exited.then((c) => (dead = c));
  await until(
    `${i.name} ready`,
    async () => {
      if (dead !== undefined) throw new Error(`${i.name} exited (${String(dead)})`);
      return (await fetch(`${i.url}/api/health/ready`)).ok;
    },
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n--- ${i.name} log ---\n${i.log().slice(-3000)}`);
  });
}

export async function stop(i: Instance, signal: NodeJS.Signals = 'SIGTERM') {
  if (i.proc.exitCode === null && i.proc.signalCode === null) i.proc.kill(signal);
  await i.exited;
}

export async function startHaproxy(env: Record<string, string>, balancerUrl: string) {
  const proc = spawn('haproxy', ['-db', '-f', HAPROXY_CFG], {
    env: {
      PATH: process.env.PATH ?? '',
      LB_ERRORS_DIR: join(REPO_DIR, 'deploy', 'errors'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const exited = new Promise((r) => proc.on('exit', r));
  await until('haproxy serves /api/health/ready', async () => {
    if (proc.exitCode !== null) throw new Error(`haproxy exited: ${log}`);
    return (await fetch(`${balancerUrl}/api/health/ready`)).ok;
  });
  return {
    log: () => log,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
