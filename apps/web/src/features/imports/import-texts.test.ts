import { describe, expect, it } from '@jest/globals';
import { createI18n } from 'vue-i18n';
import imports from './messages';
import { importResultLine, leaverText, type Leavers } from './import-texts';

function i18n(locale: 'nl' | 'fr' | 'en') {
  const g = createI18n({ legacy: false, locale, messages: { [locale]: imports[locale] } }).global;
  return (key: string, values?: Record<string, unknown>, plural?: number) =>
    plural === undefined ? g.t(key, values ?? {}) : g.t(key, values ?? {}, plural);
}
const date = (iso: string | null) => `<${iso}>`;
const leaver = (from: string | null, to = '2026-12-07') => ({
  changes: [{ field: 'enrolledUntil', from, to }],
});

// Found by an outside test: "Inschrijving eindigt op …" for every leaver while "keep", the
// default, was chosen.
describe('leaverText', () => {
  const t = i18n('nl');
  const line = (leavers: Leavers, from: string | null = null) =>
    leaverText(leavers, leaver(from), t, date);

  it('follows the option chosen before the commit', () => {
    expect(line({ state: 'keep', date: null })).toBe('Blijft zoals het is');
    expect(line({ state: 'end', date: null })).toBe('Inschrijving eindigt op <2026-12-07>');
    expect(line({ state: 'end', date: null }, '2026-08-31')).toBe(
      'Blijft zoals het is: inschrijving eindigt al op <2026-08-31>',
    );
  });

  it('says what was done after it', () => {
    expect(line({ state: 'kept', date: null })).toBe('Ongewijzigd gelaten');
    expect(line({ state: 'ended', date: '2026-12-08' })).toBe(
      'Inschrijving beëindigd op <2026-12-08>',
    );
  });
});

// Found by an outside test: "N vertrekkend · Uitgevoerd" whether the leavers were ended or kept.
describe('importResultLine', () => {
  const counts = { create: 1, update: 2, unchanged: 5, leaving: 3, errors: 0, warnings: 0 };
  const summary = {
    created: 1,
    updated: 2,
    unchanged: 5,
    reactivated: 0,
    ended: 0,
    kept: 3,
    leaversEndDate: null,
  };

  it('says how many leavers a committed import ended and how many it kept', () => {
    const t = i18n('nl');
    expect(importResultLine({ status: 'committed', counts, summary }, t)).toBe(
      '1 nieuw · 2 gewijzigd · 3 vertrekkende leerlingen: ongewijzigd gelaten',
    );
    expect(
      importResultLine(
        {
          status: 'committed',
          counts,
          summary: { ...summary, ended: 2, kept: 1, leaversEndDate: '2026-12-07' },
        },
        t,
      ),
    ).toBe(
      '1 nieuw · 2 gewijzigd · 2 vertrekkende leerlingen: inschrijving beëindigd · 1 vertrekkende leerling: ongewijzigd gelaten',
    );
    expect(
      importResultLine(
        {
          status: 'committed',
          counts,
          summary: { ...summary, created: 0, updated: 0, kept: 0 },
        },
        i18n('en'),
      ),
    ).toBe('Nothing changed');
  });

  it('shows the preview counts of an import not carried out', () => {
    expect(importResultLine({ status: 'previewed', counts, summary: null }, i18n('en'))).toBe(
      '1 new · 2 changed · 3 leaving · 0 error(s)',
    );
  });
});

// A returning student's account is held (blocked) until the school opens it (docs/decisions.md,
// issue 17); the preview and the result said it became active again.
describe('returning students', () => {
  it.each([
    ['nl', /geblokkeerd/, /weer actief/],
    ['fr', /bloqué/, /redevient actif|de nouveau actif/],
    ['en', /blocked/, /active again/],
  ] as const)('%s: the texts say the account stays blocked', (locale, blocked, active) => {
    const t = i18n(locale);
    for (const text of [
      t('imports.preview.returning'),
      t('imports.summary.reactivated', { n: 1 }),
    ]) {
      expect(text).toMatch(blocked);
      expect(text).not.toMatch(active);
    }
  });
});
