import type { AppContext } from '../../context.js';
import { AppError, notFound } from '../../platform/errors/index.js';
import { today } from '../students/index.js';
import * as repo from './repository.js';
import type { LifecyclePreview } from './schemas.js';

const DAY_MS = 86_400_000;
const MAX_YEARS_AHEAD = 5;

/** The next end of a Belgian school year (30 June) on or after `day`. */
export function nextSchoolYearEnd(day: string): string {
  const year = Number(day.slice(0, 4));
  const end = `${year}-06-30`;
  return day <= end ? end : `${year + 1}-06-30`;
}

/** `day` plus `days` calendar days (YYYY-MM-DD arithmetic in UTC: no daylight-saving gaps). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function checkedDate(date: string | undefined, now: string, path = '/date'): string {
  if (date === undefined) return nextSchoolYearEnd(now);
  const parsed = new Date(`${date}T00:00:00Z`);
  const invalid = (message: string) =>
    new AppError('validation_failed', message, [{ path, message }]);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
    throw invalid('date must be a calendar date (YYYY-MM-DD)');
  if (date < now) throw invalid(`date must be today (${now}) or later`);
  const limit = `${Number(now.slice(0, 4)) + MAX_YEARS_AHEAD}${now.slice(4)}`;
  if (date > limit) throw invalid(`date must be at most ${MAX_YEARS_AHEAD} years ahead`);
  return date;
}

/**
 * The dry run of the end of the school year: by the end of `date`, which accounts become
 * inactive (their enrolment ends), which co-accounts stop with them, and whose grace period is
 * over (their data are erased). Reads only.
 */
export async function preview(
  ctx: AppContext,
  iid: string,
  query: { date?: string },
): Promise<LifecyclePreview> {
  const grace = await repo.gracePeriodDays(ctx.db, iid);
  if (grace === undefined) throw notFound('Institution');
  const now = today(ctx);
  const date = checkedDate(query.date, now);
  const [ending, coAccounts, erasures] = await Promise.all([
    repo.endingAccounts(ctx.db, iid, now, date),
    repo.stoppingCoAccounts(ctx.db, iid, now, date),
    repo.dueForErasure(ctx.db, iid, grace, date),
  ]);
  const groups = new Map<string, { ending: number; coAccounts: number; erasures: number }>();
  const tally = (group: string, key: 'ending' | 'coAccounts' | 'erasures') => {
    const g = groups.get(group) ?? { ending: 0, coAccounts: 0, erasures: 0 };
    g[key]++;
    groups.set(group, g);
  };
  ending.forEach((r) => tally(r.group, 'ending'));
  coAccounts.forEach((r) => tally(r.group, 'coAccounts'));
  erasures.forEach((r) => tally(r.group, 'erasures'));
  return {
    today: now,
    date,
    gracePeriodDays: grace,
    counts: { ending: ending.length, coAccounts: coAccounts.length, erasures: erasures.length },
    groups: [...groups]
      .sort(([a], [b]) => a.localeCompare(b, 'nl', { numeric: true }))
      .map(([group, counts]) => ({ group, ...counts })),
    ending: ending.map((r) => ({ ...r, enrolledUntil: r.enrolledUntil!, blocked: !!r.blocked })),
    coAccounts: coAccounts.map((r) => ({
      ...r,
      state: r.state as 'registered' | 'invited' | 'active',
    })),
    erasures: erasures.map((r) => ({ ...r, enrolledUntil: r.enrolledUntil! })),
  };
}
