import type { Database } from '../../db/database.js';

/** Adds the jobs this build knows, due at once; existing rows (and their schedule) stay. */
export async function ensureJobs(db: Database, names: string[], now: Date): Promise<void> {
  if (names.length === 0) return;
  await db
    .insertInto('scheduled_jobs')
    .values(names.map((name) => ({ name, next_run_at: now })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/**
 * Claims a job in one conditional UPDATE: due (unless `force`) and held by nobody, or by a
 * holder whose lease lapsed (it died). Of several instances asking at once, one gets the row.
 */
export async function claim(
  db: Database,
  name: string,
  leaseId: string,
  now: Date,
  leaseUntil: Date,
  force: boolean,
): Promise<boolean> {
  let q = db
    .updateTable('scheduled_jobs')
    .set({ lease_id: leaseId, lease_until: leaseUntil, last_started_at: now })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]));
  if (!force) q = q.where('next_run_at', '<=', now);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function renew(db: Database, name: string, leaseId: string, leaseUntil: Date) {
  await db
    .updateTable('scheduled_jobs')
    .set({ lease_until: leaseUntil })
    .where('name', '=', name)
    .where('lease_id', '=', leaseId)
    .execute();
}

/** Records the run and the next due time; only the lease holder can. */
export async function finish(
  db: Database,
  name: string,
  leaseId: string,
  run: {
    now: Date;
    nextRunAt: Date;
    durationMs: number;
    counts: Record<string, number> | null;
    error: string | null;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('scheduled_jobs')
    .set((eb) => ({
      lease_id: null,
      lease_until: null,
      next_run_at: run.nextRunAt,
      last_finished_at: run.now,
      last_duration_ms: run.durationMs,
      last_counts: run.counts ? JSON.stringify(run.counts) : null,
      last_error: run.error,
      runs: eb('runs', '+', 1),
      failures: run.error ? eb('failures', '+', 1) : eb.ref('failures'),
    }))
    .where('name', '=', name)
    .where('lease_id', '=', leaseId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function listJobs(db: Database) {
  return db.selectFrom('scheduled_jobs').selectAll().orderBy('name').execute();
}
