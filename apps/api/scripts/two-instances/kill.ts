// An instance killed with SIGKILL in the middle of two bulk creations — one still hashing, one
// inside its transaction: each committed completely or not at all, a retry with the same
// Idempotency-Key finishes each exactly once, and the other instance (and the balancer) keep
// serving meanwhile.
import { randomUUID } from 'node:crypto';
import { sleep, stop, until } from './cluster.js';
import type { Run } from './checks.js';
import { assert, type Answer } from './http.js';

const one = async (run: Run, sql: string, args: unknown[]) =>
  Number((await run.db.query<{ n: string }>(sql, args)).rows[0]!.n);

/**
 * Holds `batches` (SHARE: reads pass, inserts wait) so that a creation stops inside its
 * transaction, after it wrote its usernames and accounts and before its batch row.
 */
async function holdBatches(run: Run) {
  const locker = await run.db.connect();
  await locker.query('begin');
  await locker.query('lock table batches in share mode');
  return {
    waiting: async () =>
      (await one(
        run,
        `select count(*) n from pg_stat_activity where datname = current_database()
           and wait_event_type = 'Lock' and query ilike $1`,
        ['insert into "batches"%'],
      )) > 0,
    async release() {
      await locker.query('rollback');
      locker.release();
    },
  };
}

/** One bulk creation with its own Idempotency-Key. */
function creation(run: Run, stamnummers: string[]) {
  const ids = stamnummers.map((s) => run.students.get(s)!);
  const key = `two-instances-${randomUUID()}`;
  const path = `/institutions/${run.iid}/accounts`;
  const body = { items: ids.map((studentId) => ({ studentId, type: 'basic' })) };
  const headers = { 'idempotency-key': key };
  return {
    ids,
    send: (base: string) => run.admin.call(base, 'POST', path, body, headers),
    progress: async (base: string) => {
      const r = await run.admin.call(
        base,
        'GET',
        `/institutions/${run.iid}/account-requests/${key}`,
      );
      return r.status === 200
        ? (r.body as { state: string; done: number; total: number })
        : undefined;
    },
    accounts: () =>
      one(run, 'select count(*) n from accounts where student_id = any($1::uuid[])', [ids]),
    batches: () =>
      one(run, 'select count(*) n from batches where student_ids && $1::uuid[]', [ids]),
    /** The client's retry behind the balancer: 409 + Retry-After while the dead lease runs. */
    async retry(): Promise<{ answer: Answer; waits: number }> {
      const started = Date.now();
      for (let waits = 0; ; waits++) {
        const answer = await this.send(run.lb);
        if (answer.status !== 409) return { answer, waits };
        assert(Date.now() - started < 60_000, 'the retry kept answering 409 for a minute');
        await sleep(Math.min(Number(answer.headers.get('retry-after') ?? 1), 5) * 1000);
      }
    },
  };
}

/** Instance 2 directly and the balancer answer list requests until `stop()`. */
function keepAsking(run: Run) {
  let asking = true;
  const failures = { api2: 0, lb: 0, asked: 0 };
  const askers = (['api2', 'lb'] as const).map(async (who) => {
    while (asking) {
      const base = who === 'api2' ? run.api[1].url : run.lb;
      const r = await run.admin
        .call(base, 'GET', `/institutions/${run.iid}/students?pageSize=5`)
        .catch(() => ({ status: 0 }));
      failures.asked++;
      if (r.status !== 200) failures[who]++;
      await sleep(20);
    }
  });
  return {
    failures,
    stop: async () => {
      asking = false;
      await Promise.all(askers);
    },
  };
}

export async function killMidBulk(
  run: Run,
  inTransaction: string[],
  hashing: string[],
  restart: () => Promise<void>,
) {
  const [api1, api2] = run.api;
  const held = await holdBatches(run);
  const tx = creation(run, inTransaction);
  const hx = creation(run, hashing);
  const requests = [tx.send(api1.url).catch((e: Error) => e)];
  await until('creation 1 waits inside its transaction', held.waiting, 60_000);
  requests.push(hx.send(api1.url).catch((e: Error) => e));
  const progress = await until('creation 2 is 40 % hashed', async () => {
    const p = await hx.progress(api2.url);
    // Not `pending` (a poll that overtook its POST answers 0 of 0): the key is claimed.
    return p?.state === 'processing' && p.done >= Math.ceil(0.4 * p.total) ? p : undefined;
  });
  const asking = keepAsking(run);
  await stop(api1, 'SIGKILL');
  const outcomes = await Promise.all(requests);
  // The dead instance's backend notices the closed connection once the lock lets it go on.
  await held.release();
  await until('the dead transaction is gone', async () => !(await held.waiting()));
  for (const c of [tx, hx]) {
    const n = await c.accounts();
    assert(n === 0 || n === c.ids.length, `after SIGKILL ${n} of ${c.ids.length} accounts exist`);
  }
  const committed = [await tx.accounts(), await hx.accounts()];
  await sleep(2_500); // the balancer's health check takes instance 1 out (2 × 1 s)
  await asking.stop();
  const { failures } = asking;
  assert(failures.api2 === 0, `instance 2 failed ${failures.api2} requests while instance 1 died`);
  // A request that was inside instance 1 when it died cannot be answered; nothing else may fail.
  assert(failures.lb <= 2, `the balancer failed ${failures.lb} of ${failures.asked} requests`);

  const retries = await Promise.all([tx.retry(), hx.retry()]);
  for (const [i, c] of [tx, hx].entries()) {
    const { answer } = retries[i]!;
    assert(answer.status === 201, `retry ${i + 1} answered ${answer.status}`);
    for (const item of answer.body.items as { password?: string }[])
      if (item.password) run.secrets.add(item.password);
    assert((await c.accounts()) === c.ids.length, `retry ${i + 1} did not create every account`);
    const batches = await c.batches();
    assert(batches === 1, `${batches} batches hold creation ${i + 1} (done twice?)`);
  }
  await restart();
  const died = outcomes.map((o) => (o instanceof Error ? 'connection lost' : `${o.status}`));
  return (
    `killed with one creation inside its transaction and one at ${progress.done}/${progress.total} hashed ` +
    `(${died.join(', ')}): committed ${committed.join(' and ')} accounts; the retries waited ` +
    `${retries.map((r) => r.waits).join(' and ')}× 409, then each created all ${tx.ids.length}/${hx.ids.length} ` +
    `in one batch; instance 2 0 failures, balancer ${failures.lb} of ${failures.asked}`
  );
}
