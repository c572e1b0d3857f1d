// The dry run's summary line: each count in its own singular or plural (vue-i18n plural forms:
// none | one | more), the date as everywhere else in the UI ("30 juni 2027", not ISO).

type Translate = (key: string, values?: Record<string, unknown>, plural?: number) => string;

export interface SchoolYearCounts {
  ending: number;
  coAccounts: number;
  erasures: number;
}

export function schoolYearSummary(
  counts: SchoolYearCounts,
  date: string,
  t: Translate,
  formatDate: (iso: string) => string,
): string {
  const part = (key: string, n: number) => t(`lifecycle.${key}`, { n }, n);
  return t('lifecycle.summary', {
    date: formatDate(date),
    ending: part('summaryEnding', counts.ending),
    coAccounts: part('summaryCoAccounts', counts.coAccounts),
    erasures: part('summaryErasures', counts.erasures),
  });
}
