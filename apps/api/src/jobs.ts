import type { Config, Retention } from './config.js';
import { purgeEndedSessions } from './features/auth/index.js';
import { purgeFinishedPreviews } from './features/imports/index.js';
import { eraseAfterGrace } from './features/lifecycle/index.js';
import { announceEndedEnrolments } from './features/students/index.js';
import { countExpiredProviderRows, purgeExpiredProviderRows } from './features/oidc/index.js';
import { purgeExpiredKeys } from './platform/idempotency/index.js';
import type { Job } from './platform/jobs/index.js';
import { purgeFinishedMails } from './platform/mail/index.js';
import { purgeEndedLinks } from './platform/one-time-links/index.js';
import { brusselsDate } from './platform/time/index.js';
import { purgeRequestWindows, purgeStaleThrottles } from './platform/throttles/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// The periodic jobs, one entry each (as app.ts lists the features), grouped by what they clear. Each runs once per period
// across all instances (platform/jobs) and by hand with `pnpm job <name> [--dry-run]`.
// Retention: config.retention (RETENTION_*_DAYS), documented in the README.
export function periodicJobs(config: Pick<Config, 'retention'>): Job[] {
  const r = config.retention;
  return [...accessPurges(r), ...recordPurges(r), ...studentJobs()];
}

const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

/** Sessions, provider rows, one-time links and throttles: what signing in leaves behind. */
function accessPurges(r: Retention): Job[] {
  return [
    {
      name: 'purge-sessions',
      everyMs: HOUR,
      description: `Admin and portal sessions, and unfinished second-factor logins, ended more than ${r.sessionsDays} day(s) ago`,
      run: (ctx, { now, dryRun }) => purgeEndedSessions(ctx, now, r.sessionsDays * DAY, dryRun),
    },
    {
      name: 'purge-oidc',
      everyMs: HOUR,
      description: `Identity provider sessions, grants, codes and tokens expired more than ${r.oidcDays} day(s) ago`,
      run: async (ctx, { now, dryRun }) => {
        const cutoff = before(now, r.oidcDays);
        if (dryRun) return { oidcRows: await countExpiredProviderRows(ctx.db, cutoff) };
        let total = 0;
        for (let n = -1; n !== 0; total += n) n = await purgeExpiredProviderRows(ctx.db, cutoff);
        return { oidcRows: total };
      },
    },
    {
      name: 'purge-links',
      everyMs: DAY,
      description: `Invitation, reset and activation links used, revoked or expired more than ${r.linksDays} day(s) ago`,
      run: async (ctx, { now, dryRun }) => ({
        links: await purgeEndedLinks(
          ctx.db,
          before(now, r.linksDays),
          before(now, Math.max(r.linksDays, 1)),
          dryRun,
        ),
      }),
    },
    {
      name: 'purge-throttles',
      everyMs: HOUR,
      description: `Login throttle rows without a failure for ${r.throttlesDays} day(s) and no running lock; API key request counters unused as long`,
      run: async (ctx, { now, dryRun }) => ({
        throttles: await purgeStaleThrottles(ctx.db, before(now, r.throttlesDays), now, dryRun),
        requestCounters: await purgeRequestWindows(ctx.db, before(now, r.throttlesDays), dryRun),
      }),
    },
  ];
}

/** Sent mails, idempotency keys and import previews: records kept only for a while. */
function recordPurges(r: Retention): Job[] {
  return [
    {
      name: 'purge-outbox',
      everyMs: DAY,
      description: `Mails sent or failed for good more than ${r.outboxDays} day(s) ago`,
      run: async (ctx, { now, dryRun }) => ({
        mails: await purgeFinishedMails(ctx.db, before(now, r.outboxDays), dryRun),
      }),
    },
    {
      name: 'purge-idempotency',
      everyMs: HOUR,
      description: `Idempotency keys and their sealed answers expired more than ${r.idempotencyDays} day(s) ago`,
      run: async (ctx, { now, dryRun }) => ({
        idempotencyKeys: await purgeExpiredKeys(
          ctx.db,
          before(now, r.idempotencyDays),
          now,
          dryRun,
        ),
      }),
    },
    {
      name: 'purge-imports',
      everyMs: DAY,
      description: `Rows of import previews committed, superseded or unused for ${r.importsDays} day(s)`,
      run: (ctx, { now, dryRun }) =>
        purgeFinishedPreviews(ctx.db, before(now, r.importsDays), dryRun),
    },
  ];
}

/** The students' calendar: enrolments that ended, and erasure after the grace period. */
function studentJobs(): Job[] {
  return [
    {
      name: 'feed-enrolment-ends',
      everyMs: HOUR,
      description:
        'Enrolments that ended by the calendar: each student once in the change feed as deactivated',
      run: async (ctx, { now, dryRun }) => ({
        enrolmentEnds: await announceEndedEnrolments(ctx.db, brusselsDate(now), dryRun),
      }),
    },
    {
      name: 'erase-after-grace',
      everyMs: DAY,
      description:
        "Students whose enrolment ended more than the school's grace period ago (and not kept longer): personal data erased, history pseudonymous, username stays reserved",
      run: (ctx, opts) => eraseAfterGrace(ctx, opts),
    },
  ];
}
