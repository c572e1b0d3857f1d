import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { AppContext } from '../../context.js';
import * as repo from './repository.js';

/** What a job answers: named counts (rows deleted, accounts erased…), shown in the status. */
export type JobCounts = Record<string, number>;

export interface Job {
  /** kebab-case, used by `pnpm job <name>` and in the status. */
  name: string;
  /** How often it runs: once per period across all instances. */
  everyMs: number;
  /** What it does, one line (status and `pnpm job --list`). */
  description: string;
  /** A dry run counts what a real run would do and changes nothing. */
  run(
    ctx: AppContext,
    opts: { now: Date; dryRun: boolean; print?: (line: string) => void },
  ): Promise<JobCounts>;
}

export interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  /** Lines a dry run by hand shows (who would be affected); not kept in the server's log. */
  print?(line: string): void;
}

export type RunResult =
  | { job: string; ran: true; dryRun: boolean; counts: JobCounts; durationMs: number }
  | { job: string; ran: true; dryRun: boolean; error: string; durationMs: number }
  | { job: string; ran: false; reason: 'not_due_or_held' };

/** A running job holds its row this long and renews it every third of it. */
export const LEASE_MS = 10 * 60_000;

/**
 * Runs periodic jobs inside the API process. Several instances may run one each on the same
 * database: a job's row is claimed by one conditional UPDATE, so each period's run happens on
 * exactly one instance; a holder that dies loses the row when its lease lapses.
 */
export class Scheduler {
  private readonly byName: Map<string, Job>;
  private ensured = false;

  constructor(
    private readonly ctx: AppContext,
    readonly jobs: readonly Job[],
    private readonly log: JobLog,
  ) {
    this.byName = new Map(jobs.map((j) => [j.name, j]));
  }

  job(name: string): Job | undefined {
    return this.byName.get(name);
  }

  /** Runs every due job that no other instance holds; answers what ran. */
  async tick(): Promise<RunResult[]> {
    await this.ensure();
    const results: RunResult[] = [];
    for (const job of this.jobs) results.push(await this.runJob(job, { force: false }));
    return results;
  }

  /**
   * By hand (`pnpm job`): runs now whether due or not, unless another instance is running it.
   * A real run counts as the period's run; a dry run is neither claimed nor recorded.
   */
  async runByHand(name: string, dryRun: boolean): Promise<RunResult> {
    const job = this.byName.get(name);
    if (!job) throw new Error(`unknown job "${name}"`);
    await this.ensure();
    if (dryRun) return this.execute(job, true);
    return this.runJob(job, { force: true });
  }

  private async ensure(): Promise<void> {
    if (this.ensured) return;
    await repo.ensureJobs(
      this.ctx.db,
      this.jobs.map((j) => j.name),
      this.ctx.now(),
    );
    this.ensured = true;
  }

  private async runJob(job: Job, opts: { force: boolean }): Promise<RunResult> {
    const leaseId = randomUUID();
    const now = this.ctx.now();
    const claimed = await repo.claim(
      this.ctx.db,
      job.name,
      leaseId,
      now,
      new Date(now.getTime() + LEASE_MS),
      opts.force,
    );
    if (!claimed) return { job: job.name, ran: false, reason: 'not_due_or_held' };
    const renewal = setInterval(() => {
      const until = new Date(this.ctx.now().getTime() + LEASE_MS);
      void repo.renew(this.ctx.db, job.name, leaseId, until).catch(() => undefined);
    }, LEASE_MS / 3);
    renewal.unref();
    try {
      const result = await this.execute(job, false);
      const finishedAt = this.ctx.now();
      await repo.finish(this.ctx.db, job.name, leaseId, {
        now: finishedAt,
        nextRunAt: new Date(finishedAt.getTime() + job.everyMs),
        durationMs: Math.round(result.durationMs),
        counts: 'counts' in result ? result.counts : null,
        error: 'error' in result ? result.error : null,
      });
      return result;
    } finally {
      clearInterval(renewal);
    }
  }

  private async execute(job: Job, dryRun: boolean): Promise<Exclude<RunResult, { ran: false }>> {
    const started = performance.now();
    try {
      const print = (line: string) => this.log.print?.(line);
      const counts = await job.run(this.ctx, { now: this.ctx.now(), dryRun, print });
      const durationMs = Math.round(performance.now() - started);
      this.log.info({ job: job.name, dryRun, durationMs, counts }, 'job finished');
      return { job: job.name, ran: true, dryRun, counts, durationMs };
    } catch (err) {
      const durationMs = Math.round(performance.now() - started);
      const error = err instanceof Error ? err.message : String(err);
      this.log.error({ job: job.name, dryRun, durationMs, err }, 'job failed');
      return { job: job.name, ran: true, dryRun, error, durationMs };
    }
  }
}

/** The status of every known job, for the platform's status endpoint. */
export async function jobStatus(ctx: AppContext, jobs: readonly Job[]) {
  const rows = new Map((await repo.listJobs(ctx.db)).map((r) => [r.name, r]));
  const now = ctx.now();
  return jobs.map((job) => {
    const r = rows.get(job.name);
    return {
      name: job.name,
      description: job.description,
      everyMinutes: Math.round(job.everyMs / 60_000),
      running: !!r?.lease_until && r.lease_until.getTime() > now.getTime(),
      nextRunAt: r ? r.next_run_at.toISOString() : null,
      lastStartedAt: r?.last_started_at?.toISOString() ?? null,
      lastFinishedAt: r?.last_finished_at?.toISOString() ?? null,
      lastDurationMs: r?.last_duration_ms ?? null,
      lastCounts: r?.last_counts ?? null,
      lastError: r?.last_error ?? null,
      runs: r?.runs ?? 0,
      failures: r?.failures ?? 0,
    };
  });
}
