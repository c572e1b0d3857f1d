// What the two-instance run proves, one function per claim of the README's "Several instances".
// Each throws with the evidence when the claim does not hold.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { API_DIR, sleep, until, type Instance } from './cluster.js';
import type { CaughtMail } from '../../src/test/smtp-catcher.js';
import { assert, type Client } from './http.js';

export interface Run {
  lb: string;
  api: [Instance, Instance];
  admin: Client;
  adminEmail: string;
  iid: string;
  db: pg.Pool;
  relay: { mails: CaughtMail[] };
  /** Every secret the run saw; none may appear in a log line. */
  secrets: Set<string>;
  /** Student ids by stamnummer. */
  students: Map<string, string>;
}

const count = async (db: pg.Pool, sql: string, args: unknown[] = []) =>
  Number((await db.query<{ n: string }>(sql, args)).rows[0]!.n);

/** Both instances started at once on an empty database: every migration applied exactly once. */
export async function startedTogether(run: Run) {
  const files = readdirSync(join(API_DIR, 'dist', 'db', 'migrations')).filter((f) =>
    /^\d{4}-\d\d-\d\dT.*\.js$/.test(f),
  );
  const applied = await count(run.db, 'select count(*) n from kysely_migration');
  const distinct = await count(run.db, 'select count(distinct name) n from kysely_migration');
  assert(applied === files.length, `${applied} migrations recorded, ${files.length} exist`);
  assert(distinct === applied, 'a migration is recorded twice');
  const admins = await count(run.db, 'select count(*) n from admin_users where email = $1', [
    run.adminEmail,
  ]);
  assert(admins === 1, `the bootstrap admin exists ${admins} times`);
  const keys = await count(run.db, "select count(*) n from oidc_keys where state = 'current'");
  assert(keys === 1, `${keys} current signing keys`);
  for (const i of run.api) {
    const bad = i
      .log()
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l));
    assert(bad.length === 0, `${i.name} logged errors at start:\n${bad.join('\n')}`);
  }
  return `${applied} migrations applied once; one admin, one signing key; no errors logged`;
}

const activeTotal = async (run: Run, base: string) =>
  (await run.admin.expect(200, base, 'GET', `/institutions/${run.iid}/students?status=active`))
    .total as number;

/** A bulk creation on instance 1 while instance 2 serves (and caches) the list. */
export async function listsAtCommit(run: Run, stamnummers: string[]) {
  const [api1, api2] = run.api;
  const before = await activeTotal(run, api2.url);
  await activeTotal(run, api2.url); // now cached on instance 2
  const seen = new Set<number>();
  let polling = true;
  const poller = (async () => {
    while (polling) seen.add(await activeTotal(run, api2.url));
  })();
  const items = stamnummers.map((s) => ({ studentId: run.students.get(s)!, type: 'basic' }));
  await run.admin.expect(201, api1.url, 'POST', `/institutions/${run.iid}/accounts`, { items });
  const right = await activeTotal(run, api2.url);
  polling = false;
  await poller;
  const after = before + items.length;
  assert(
    right === after,
    `instance 2 listed ${right} active accounts after the commit, not ${after}`,
  );
  const viaLb = [await activeTotal(run, run.lb), await activeTotal(run, run.lb)];
  assert(
    viaLb.every((n) => n === after),
    `the balancer answered ${viaLb.join(', ')}`,
  );
  const partial = [...seen].filter((n) => n !== before && n !== after);
  assert(partial.length === 0, `instance 2 showed a partial creation: ${partial.join(', ')}`);
  return `instance 2 answered ${seen.size > 1 ? `${before} then ${after}` : after} (${items.length} created on instance 1), never a stale or partial list`;
}

/** Failed logins alternating between the instances lock at the configured count (10). */
export async function lockoutAcrossInstances(run: Run, username: string, password: string) {
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) {
    const wrong = `fout-wachtwoord-${i}-${username}`;
    run.secrets.add(wrong);
    const r = await run.admin.call(run.api[i % 2]!.url, 'POST', '/portal/login', {
      username,
      password: wrong,
    });
    statuses.push(r.status);
  }
  assert(
    statuses.slice(0, 9).every((s) => s === 401),
    `failures 1-9 answered ${statuses.join(',')}`,
  );
  for (const base of [run.api[0].url, run.api[1].url, run.lb]) {
    const r = await run.admin.call(base, 'POST', '/portal/login', { username, password });
    assert(
      r.status === 429 && r.headers.get('retry-after'),
      `the right password after 10 failures answered ${r.status} on ${base} (not locked)`,
    );
  }
  return `10 failures alternating between the instances locked "${username}" on both and behind the balancer (429 with Retry-After)`;
}

/** Invitations queued on both instances; both senders run; each mail reaches the relay once. */
export async function outboxOnce(run: Run, stamnummers: string[]) {
  const start = run.relay.mails.length;
  for (const [i, s] of stamnummers.entries()) {
    const sid = run.students.get(s)!;
    await run.admin.expect(
      202,
      run.api[i % 2]!.url,
      'POST',
      `/institutions/${run.iid}/students/${sid}/co-accounts/1/invitation`,
    );
  }
  await until(
    'every invitation sent',
    async () =>
      (await count(run.db, 'select count(*) n from outbox where sent_at is null')) === 0 &&
      run.relay.mails.length - start >= stamnummers.length,
    60_000,
  );
  await sleep(3_000); // a second sender would deliver its duplicate meanwhile
  const mails = run.relay.mails.slice(start);
  const to = mails.map((m) => m.to.join());
  const distinct = new Set(to);
  assert(
    mails.length === stamnummers.length && distinct.size === stamnummers.length,
    `${stamnummers.length} mails queued, the relay got ${mails.length} (${distinct.size} addresses)`,
  );
  const ids = new Set(mails.map((m) => /^message-id:\s*(\S+)/im.exec(m.raw)?.[1]));
  assert(ids.size === mails.length, 'one Message-ID was delivered twice');
  for (const m of mails)
    for (const t of m.text.matchAll(/activeren\/([A-Za-z0-9_-]{20,})/g)) run.secrets.add(t[1]!);
  // A parent opens a link through the balancer: the token in the path must not reach the log.
  const token = /activeren\/([A-Za-z0-9_-]{20,})/.exec(mails[0]!.text)?.[1];
  assert(token, 'no activation link in the mail');
  await run.admin.expect(200, run.lb, 'GET', `/co-accounts/activation/${token}`);
  return `${mails.length} mails queued on both instances, each delivered once`;
}

interface JobRow {
  name: string;
  runs: number;
  failures: number;
  lease_until: Date | null;
}

const jobRows = async (db: pg.Pool) =>
  (await db.query<JobRow>('select name, runs, failures, lease_until from scheduled_jobs')).rows;

/** Both schedulers tick every second; each job runs once per period ("period" = a rewind). */
export async function jobsOncePerPeriod(run: Run, rounds: number) {
  const idle = async (want: number) => {
    const rows = await jobRows(run.db);
    return rows.length > 0 && rows.every((r) => r.runs === want && !r.lease_until) && rows;
  };
  await until('every job ran once after the start', () => idle(1), 30_000);
  for (let round = 2; round <= rounds + 1; round++) {
    // The clock moves past every period: the next run is due now, for both schedulers at once.
    await run.db.query("update scheduled_jobs set next_run_at = now() - interval '1 minute'");
    await until(`every job ran ${round} times`, () => idle(round), 30_000);
    await sleep(2_500); // two more ticks of each scheduler: nothing may run again
    const rows = await jobRows(run.db);
    const off = rows.filter((r) => r.runs !== round || r.failures !== 0);
    assert(off.length === 0, `runs after ${round} periods: ${JSON.stringify(off)}`);
  }
  const rows = await jobRows(run.db);
  const per = run.api.map(
    (i) =>
      i
        .log()
        .split('\n')
        .filter((l) => l.includes('"msg":"job finished"')).length,
  );
  const total = rows.reduce((n, r) => n + r.runs, 0);
  assert(per[0]! + per[1]! === total, `the logs show ${per.join('+')} runs, the table ${total}`);
  return `${rows.length} jobs × ${rounds + 1} periods = ${total} runs, none twice (instance 1 ran ${per[0]}, instance 2 ${per[1]})`;
}

/** No log line, at trace level, holds a password, a session cookie, a link token or a secret. */
export function logsClean(run: Run) {
  const lines = run.api.flatMap((i) => i.log().split('\n'));
  // The instances run with LOG_LEVEL=trace: everything the server and its libraries log.
  const requests = lines.filter((l) => l.includes('"msg":"incoming request"')).length;
  assert(requests > 100, `only ${requests} requests logged: is LOG_LEVEL=trace?`);
  const leaks = [...run.secrets].filter((s) => s.length >= 6 && lines.some((l) => l.includes(s)));
  assert(leaks.length === 0, `the log holds ${leaks.length} secret(s), e.g. "${leaks[0]}"`);
  return `${lines.length} log lines (${requests} requests) at LOG_LEVEL=trace hold none of ${run.secrets.size} passwords, cookies, tokens and keys`;
}
