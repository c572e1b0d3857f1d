import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../test/harness.js';
import { twoInstances } from '../../test/instances-support.js';
import { createAdmin, createInstitution, loginAs } from '../../test/factories.js';
import { Scheduler, type Job } from './scheduler.js';

// The scheduler on a moving clock, two instances on one database (two pools on PostgreSQL). The
// purge jobs themselves: purge-jobs.test.ts.

const HOUR = 3_600_000;
const quiet = { info: () => undefined, error: () => undefined };

const instances = twoInstances();
let a: TestApp;
let b: TestApp;
beforeAll(() => {
  ({ a, b } = instances);
});

const ranNames = (rs: Awaited<ReturnType<Scheduler['tick']>>) =>
  rs.filter((r) => r.ran).map((r) => r.job);

describe('scheduler with two instances on one database', () => {
  it('runs each job once per period, whichever instance ticks', async () => {
    const [ra, rb] = await Promise.all([a.app.scheduler.tick(), b.app.scheduler.tick()]);
    const all = [...ranNames(ra), ...ranNames(rb)].sort();
    const names = a.app.scheduler.jobs.map((j) => j.name).sort();
    expect(all).toEqual(names);

    // Within the period nothing runs again, on either instance.
    a.clock.advance(30 * 60_000);
    expect(ranNames(await a.app.scheduler.tick())).toEqual([]);
    expect(ranNames(await b.app.scheduler.tick())).toEqual([]);

    // An hour later the hourly jobs run once more, the daily ones do not.
    a.clock.advance(HOUR);
    const [ra2, rb2] = await Promise.all([a.app.scheduler.tick(), b.app.scheduler.tick()]);
    const hourly = a.app.scheduler.jobs
      .filter((j) => j.everyMs === HOUR)
      .map((j) => j.name)
      .sort();
    expect([...ranNames(ra2), ...ranNames(rb2)].sort()).toEqual(hourly);
  });

  it('skips a job another instance holds and takes it over once that lease lapsed', async () => {
    let runs = 0;
    const job: Job = {
      name: `test-held-${randomUUID().slice(0, 8)}`,
      everyMs: HOUR,
      description: 'test',
      run: async () => ({ things: ++runs }),
    };
    const s = new Scheduler(a.ctx, [job], quiet);
    await s.tick();
    expect(runs).toBe(1);
    // A dead holder: leased until 10 minutes from now, due long ago.
    await a.db
      .updateTable('scheduled_jobs')
      .set({
        lease_id: randomUUID(),
        lease_until: new Date(a.clock.now.getTime() + 10 * 60_000),
        next_run_at: new Date(0),
      })
      .where('name', '=', job.name)
      .execute();
    expect(ranNames(await s.tick())).toEqual([]);
    expect(await s.runByHand(job.name, false)).toMatchObject({ ran: false });
    a.clock.advance(11 * 60_000);
    expect(ranNames(await new Scheduler(b.ctx, [job], quiet).tick())).toEqual([job.name]);
    expect(runs).toBe(2);
  });

  it('records a failure with its message and keeps the schedule', async () => {
    const job: Job = {
      name: `test-failing-${randomUUID().slice(0, 8)}`,
      everyMs: HOUR,
      description: 'fails',
      run: async () => {
        throw new Error('relay unreachable');
      },
    };
    const s = new Scheduler(a.ctx, [job], quiet);
    const [r] = await s.tick();
    expect(r).toMatchObject({ ran: true, error: 'relay unreachable' });
    const row = await a.db
      .selectFrom('scheduled_jobs')
      .selectAll()
      .where('name', '=', job.name)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      failures: 1,
      runs: 1,
      last_error: 'relay unreachable',
      lease_id: null,
    });
    expect(row.next_run_at.getTime()).toBe(a.clock.now.getTime() + HOUR);
  });

  it('a dry run by hand changes nothing and is not recorded', async () => {
    const before = await a.db
      .selectFrom('scheduled_jobs')
      .selectAll()
      .where('name', '=', 'purge-outbox')
      .executeTakeFirstOrThrow();
    const r = await a.app.scheduler.runByHand('purge-outbox', true);
    expect(r).toMatchObject({ ran: true, dryRun: true, counts: { mails: 0 } });
    const after = await a.db
      .selectFrom('scheduled_jobs')
      .selectAll()
      .where('name', '=', 'purge-outbox')
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});

describe('GET /api/v1/platform/jobs', () => {
  it('shows platform admins each job with its last run; school admins get 403, nobody 401', async () => {
    const platform = await createAdmin(a.ctx, { platform: true });
    const agent = a.request();
    await loginAs(agent, platform.email);
    const res = await agent.get('/api/v1/platform/jobs').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const sessions = res.body.find((j: { name: string }) => j.name === 'purge-sessions');
    expect(sessions).toMatchObject({
      everyMinutes: 60,
      running: false,
      lastError: null,
      lastCounts: { adminSessions: expect.any(Number), portalSessions: expect.any(Number) },
    });
    expect(sessions.runs).toBeGreaterThanOrEqual(1);

    const school = await createInstitution(a.ctx);
    const admin = await createAdmin(a.ctx, { institutionId: school.id });
    const other = a.request();
    await loginAs(other, admin.email);
    const forbidden = await other.get('/api/v1/platform/jobs').expect(403);
    expect(forbidden.headers['content-type']).toMatch(/application\/problem\+json/);
    await a.request().get('/api/v1/platform/jobs').expect(401);
  });
});
