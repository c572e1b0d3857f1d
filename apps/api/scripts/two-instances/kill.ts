// An instance killed with SIGKILL in the middle of a bulk creation: the creation committed
// completely or not at all, a retry with the same Idempotency-Key finishes it exactly once, and
// the other instance (and the balancer) keep serving meanwhile.
import { randomUUID } from 'node:crypto';
import { sleep, stop, until } from './cluster.js';
import type { Run } from './checks.js';
import { assert } from './http.js';

const accountsOf = async (run: Run, ids: string[]) =>
  Number(
    (
      await run.db.query<{ n: string }>(
        'select count(*) n from accounts where student_id = any($1::uuid[])',
        [ids],
      )
    ).rows[0]!.n,
  );

/**
 * `at`: the share of the hashing done when the instance dies (1 = hashing finished, so the kill
 * falls on the transaction or just around it). `restart` brings instance 1 back afterwards.
 */
export async function killMidBulk(
  run: Run,
  stamnummers: string[],
  at: number,
  restart: () => Promise<void>,
) {
  const [api1, api2] = run.api;
  const ids = stamnummers.map((s) => run.students.get(s)!);
  const body = { items: ids.map((studentId) => ({ studentId, type: 'basic' })) };
  const key = `two-instances-${randomUUID()}`;
  const headers = { 'idempotency-key': key };
  const path = `/institutions/${run.iid}/accounts`;
  const request = run.admin.call(api1.url, 'POST', path, body, headers).catch((e: Error) => e);

  const progress = await until(
    `instance 1 reports ${Math.round(at * 100)} % of the hashing`,
    async () => {
      const r = await run.admin.call(
        api2.url,
        'GET',
        `/institutions/${run.iid}/account-requests/${key}`,
      );
      return r.status === 200 && r.body.done >= Math.ceil(at * r.body.total) && r.body;
    },
    60_000,
  );
  // Others keep asking while it dies: instance 2 directly, and through the balancer.
  let asking = true;
  const failures = { api2: 0, lb: 0, asked: 0 };
  const askers = (['api2', 'lb'] as const).map(async (who) => {
    while (asking) {
      const base = who === 'api2' ? api2.url : run.lb;
      const r = await run.admin
        .call(base, 'GET', `/institutions/${run.iid}/students?pageSize=5`)
        .catch(() => ({ status: 0 }));
      failures.asked++;
      if (r.status !== 200) failures[who]++;
      await sleep(20);
    }
  });
  await stop(api1, 'SIGKILL');
  const outcome = await request;
  const committed = await accountsOf(run, ids);
  assert(
    committed === 0 || committed === ids.length,
    `after SIGKILL ${committed} of ${ids.length} accounts exist (a partial creation)`,
  );
  await sleep(2_500); // the balancer's health check takes instance 1 out (2 × 1 s)
  asking = false;
  await Promise.all(askers);
  assert(failures.api2 === 0, `instance 2 failed ${failures.api2} requests while instance 1 died`);
  // A request that was inside instance 1 when it died cannot be answered; nothing else may fail.
  assert(failures.lb <= 2, `the balancer failed ${failures.lb} of ${failures.asked} requests`);

  // The client retries with the same key (behind the balancer): 409 + Retry-After while the dead
  // instance's lease runs, then the retry takes the key over and finishes.
  const started = Date.now();
  let waits = 0;
  let answer;
  for (;;) {
    answer = await run.admin.call(run.lb, 'POST', path, body, headers);
    if (answer.status !== 409) break;
    waits++;
    assert(Date.now() - started < 60_000, 'the retry kept answering 409 for a minute');
    await sleep(Math.min(Number(answer.headers.get('retry-after') ?? 1), 5) * 1000);
  }
  assert(
    answer.status === 201,
    `the retry answered ${answer.status} ${JSON.stringify(answer.body)}`,
  );
  for (const item of answer.body.items as { password?: string }[])
    if (item.password) run.secrets.add(item.password);
  assert((await accountsOf(run, ids)) === ids.length, 'the retry did not create every account');
  const batches = Number(
    (
      await run.db.query<{ n: string }>(
        'select count(*) n from batches where student_ids && $1::uuid[]',
        [ids],
      )
    ).rows[0]!.n,
  );
  assert(batches === 1, `${batches} batches hold these students (the work was done twice?)`);
  await restart();
  const died = outcome instanceof Error ? 'connection lost' : `answered ${outcome.status}`;
  return (
    `killed at ${progress.done}/${progress.total} hashed (${died}): ${committed === 0 ? 'nothing' : 'everything'} committed; ` +
    `retry ${waits ? `waited ${waits}× 409 then ` : ''}created all ${ids.length} in one batch; ` +
    `instance 2 0 failures, balancer ${failures.lb} of ${failures.asked}`
  );
}
