// Two instances of the built API behind HAProxy on one scratch PostgreSQL database, checked as an
// outsider would (README, "Several instances"; docs/decisions.md). Run after `pnpm build`:
//
//   pnpm test:instances        (TWO_INSTANCES_DATABASE_URL: the server, default local postgres)
//
// Needs `haproxy` on the PATH (Debian package). Logs are kept in a temporary directory whose path
// is printed; the exit code is non-zero when a check fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  ready,
  scratchDatabase,
  sharedSecrets,
  startHaproxy,
  startInstance,
  stop,
  type Instance,
} from './cluster.js';
import {
  jobsOncePerPeriod,
  listsAtCommit,
  lockoutAcrossInstances,
  logsClean,
  outboxOnce,
  startedTogether,
  type Run,
} from './checks.js';
import { startSmtpCatcher } from '../../src/test/smtp-catcher.js';
import { Client } from './http.js';
import { killMidBulk } from './kill.js';

const ADMIN = { email: 'platform@two-instances.test', password: 'two-instances-admin-pw' };
const serverUrl =
  process.env.TWO_INSTANCES_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const stamnummer = (n: number) => `T${String(n).padStart(4, '0')}`;
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => stamnummer(from + i));

async function main() {
  const t0 = Date.now();
  const logDir = mkdtempSync(join(tmpdir(), 'sl-two-instances-'));
  const database = await scratchDatabase(serverUrl);
  const relay = await startSmtpCatcher(0, { delayMs: 100 });
  const ports = [await freePort(), await freePort(), await freePort()];
  const lb = `http://127.0.0.1:${ports[0]}`;
  const secrets = sharedSecrets();
  const env = {
    ...secrets,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '5',
    PUBLIC_BASE_URL: lb,
    SMTP_URL: relay.url,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_DEMO: 'false',
    TRUST_PROXY: 'loopback',
    LOG_LEVEL: 'trace',
    LOG_FORMAT: 'json',
    JOBS_TICK_SECONDS: '1',
  };
  const start = (n: 1 | 2) => startInstance(`api${n}`, ports[n]!, env, logDir);
  const api: [Instance, Instance] = [await start(1), await start(2)];
  let haproxy: Awaited<ReturnType<typeof startHaproxy>> | undefined;
  let failed = false;
  const step = async (name: string, fn: () => Promise<string> | string) => {
    const t = Date.now();
    try {
      console.log(`ok   ${name}: ${await fn()} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failed = true;
      console.log(`FAIL ${name}: ${(err as Error).message}`);
    }
  };
  try {
    // Both at the same moment, on an empty database: one migrates, the other waits.
    await Promise.all(api.map((i) => ready(i)));
    haproxy = await startHaproxy(
      {
        LB_BIND: `127.0.0.1:${ports[0]}`,
        API1_ADDR: `127.0.0.1:${ports[1]}`,
        API2_ADDR: `127.0.0.1:${ports[2]}`,
      },
      lb,
    );
    const admin = new Client();
    await admin.expect(200, lb, 'POST', '/auth/login', ADMIN);
    const school = await admin.expect(201, lb, 'POST', '/institutions', {
      name: 'Twee Instanties',
    });
    const students = range(1, 500).map((s, i) => ({
      stamnummer: s,
      firstName: `Leerling${i + 1}`,
      lastName: 'Tweeling',
      group: `${1 + (i % 6)}A`,
      ...(i < 30 ? { parentEmails: [`ouder${i + 1}@example.be`] } : {}),
    }));
    const sync = await admin.expect(200, lb, 'PUT', `/institutions/${school.id}/students`, {
      students,
    });
    const run: Run = {
      lb,
      api,
      admin,
      adminEmail: ADMIN.email,
      iid: school.id,
      db: database.db,
      relay,
      secrets: new Set([
        ADMIN.password,
        ...Object.values(secrets),
        ...[...admin.cookies.values()].filter((v) => v.length > 16),
      ]),
      students: new Map(
        (sync.changes as { stamnummer: string; studentId: string }[]).map((c) => [
          c.stamnummer,
          c.studentId,
        ]),
      ),
    };
    const restart = async () => {
      api[0] = await start(1);
      await ready(api[0]);
    };

    await step('migrations and start-up work, both instances at once', () => startedTogether(run));
    await step('lists at commit across instances', () => listsAtCommit(run, range(1, 100)));
    await step('outbox sends every mail once', () => outboxOnce(run, range(1, 30)));
    await step('login lockout counts across instances', async () => {
      const sid = run.students.get(stamnummer(101))!;
      const created = await admin.expect(201, lb, 'POST', `/institutions/${school.id}/accounts`, {
        items: [{ studentId: sid, type: 'advanced' }],
      });
      const { username, password } = created.items[0] as { username: string; password: string };
      run.secrets.add(password);
      return lockoutAcrossInstances(run, username, password);
    });
    await step('each job once per period with two schedulers', () => jobsOncePerPeriod(run, 2));
    await step('SIGKILL in the middle of two bulk creations', () =>
      killMidBulk(run, range(201, 300), range(301, 500), restart),
    );
    await step('no secret in the trace-level logs', () => logsClean(run));
  } catch (err) {
    failed = true;
    console.log(`FAIL setup: ${(err as Error).stack}`);
  } finally {
    await haproxy?.stop();
    await Promise.all(api.map((i) => stop(i)));
    await relay.close();
    await database.drop();
  }
  console.log(`${failed ? 'FAILED' : 'passed'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (failed || process.env.TWO_INSTANCES_KEEP_LOGS) console.log(`logs: ${logDir}`);
  else rmSync(logDir, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

void main();
