import { describe, expect, it } from '@jest/globals';
import { createI18n } from 'vue-i18n';
import { announceErased, takeErasedMessage } from './erased-notice';
import lifecycle from './messages';
import { schoolYearSummary } from './school-year-text';

function i18n(locale: 'nl' | 'fr' | 'en') {
  const g = createI18n({
    legacy: false,
    locale,
    messages: { [locale]: lifecycle[locale] },
    datetimeFormats: {
      [locale]: { long: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' } },
    },
  }).global;
  return {
    t: (key: string, values?: Record<string, unknown>, plural?: number) =>
      plural === undefined ? g.t(key, values ?? {}) : g.t(key, values ?? {}, plural),
    date: (iso: string) => g.d(new Date(`${iso}T12:00:00Z`), 'long'),
  };
}

// Found by an outside test: "1 accounts worden inactief" and the date as ISO "2027-06-30".
describe('schoolYearSummary', () => {
  it.each([
    [
      'nl',
      { ending: 1, coAccounts: 0, erasures: 2 },
      'Tot en met 30 juni 2027: 1 account wordt inactief, geen co-accounts stoppen, 2 leerlingen worden gewist.',
    ],
    [
      'fr',
      { ending: 2, coAccounts: 1, erasures: 1 },
      "Jusqu'au 30 juin 2027 : 2 comptes deviennent inactifs, 1 co-compte s'arrête, 1 élève est effacé.",
    ],
    [
      'en',
      { ending: 1, coAccounts: 3, erasures: 0 },
      'Up to and including June 30, 2027: 1 account becomes inactive, 3 co-accounts stop, no students are erased.',
    ],
  ] as const)('%s: singular and plural forms, the date written out', (locale, counts, line) => {
    const { t, date } = i18n(locale);
    expect(schoolYearSummary(counts, '2027-06-30', t, date)).toBe(line);
  });
});

// Found by an outside test: after "Nu wissen" the list came without a word.
describe('erased-notice', () => {
  it('hands the message to the list once, then forgets it (and the name in it)', () => {
    expect(takeErasedMessage()).toBeNull();
    announceErased('De gegevens van Xena Wissel zijn gewist.');
    expect(takeErasedMessage()).toBe('De gegevens van Xena Wissel zijn gewist.');
    expect(takeErasedMessage()).toBeNull();
  });
});
