// Lines of the import screens that depend on what was chosen or done, not only on the preview:
// the result of an import in the list, and what happens to one leaver.
import type { ImportItem, ImportSummary } from './imports-api';

type Translate = (key: string, values?: Record<string, unknown>, plural?: number) => string;

/**
 * What happens to the leavers: before the commit, the option chosen (`end`, or `keep`, the
 * default); after it, what was done (`ended` on `date`, or `kept`).
 */
export interface Leavers {
  state: 'end' | 'keep' | 'ended' | 'kept';
  date: string | null;
}

/**
 * One leaver's line in the Vertrekkend tab. Ending writes the end date only where it is later
 * than that day (or missing): an enrolment that already ends earlier stays as it is.
 */
export function leaverText(
  leavers: Leavers,
  item: Pick<ImportItem, 'changes'>,
  t: Translate,
  date: (iso: string | null) => string,
): string {
  if (leavers.state === 'kept') return t('imports.preview.kept');
  if (leavers.state === 'keep') return t('imports.preview.keeps');
  const change = item.changes.find((c) => c.field === 'enrolledUntil') ?? item.changes[0];
  const endDate = leavers.state === 'ended' ? leavers.date : ((change?.to as string) ?? null);
  const current = (change?.from as string | null | undefined) ?? null;
  if (current && endDate && current <= endDate)
    return t('imports.preview.alreadyEnds', { date: date(current) });
  return t(leavers.state === 'ended' ? 'imports.preview.ended' : 'imports.preview.endsOn', {
    date: date(endDate),
  });
}

/**
 * The "Resultaat" of an import in the list: what a committed import did (its stored summary:
 * how many leavers were ended and how many kept), else what the preview counted.
 */
export function importResultLine(
  item: Pick<ImportSummary, 'status' | 'counts' | 'summary'>,
  t: Translate,
): string {
  const s = item.summary;
  if (item.status !== 'committed' || !s)
    return t('imports.countLine', {
      create: item.counts.create,
      update: item.counts.update,
      leaving: item.counts.leaving,
      errors: item.counts.errors,
    });
  const parts = (['created', 'updated', 'reactivated', 'ended', 'kept'] as const)
    .filter((k) => s[k] > 0)
    .map((k) => t(`imports.history.outcome.${k}`, { n: s[k] }, s[k]));
  return parts.length ? parts.join(' · ') : t('imports.history.outcome.nothing');
}
