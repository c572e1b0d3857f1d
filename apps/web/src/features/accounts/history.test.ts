import { describe, expect, it } from '@jest/globals';
import { createI18n } from 'vue-i18n';
import students from '../students/messages';
import accounts from './messages';
import { appendEvents, blockReasonText, describeEvent, RETURNING_REASON } from './history';

// The account history's "what" column, read with the real messages (found by an outside test:
// an enrolment change showed only "Inschrijving gewijzigd", no field, no values, no source).
function text(locale: 'nl' | 'fr' | 'en') {
  const i18n = createI18n({
    legacy: false,
    locale,
    messages: { [locale]: { ...accounts[locale], ...students[locale] } },
    datetimeFormats: {
      [locale]: { long: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' } },
    },
  });
  const g = i18n.global;
  return {
    t: (key: string, values?: Record<string, unknown>) => g.t(key, values ?? {}),
    te: (key: string) => g.te(key),
    date: (iso: string) => {
      const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
      return g.d(new Date(Date.UTC(y!, m! - 1, d!, 12)), 'long');
    },
  };
}

describe('describeEvent', () => {
  it('shows each field an import changed, from → to, and that it came from the import', () => {
    const shown = describeEvent(
      {
        kind: 'enrolment_changed',
        detail: {
          source: 'import',
          importId: 'imp-1',
          change: 'updated',
          changes: [
            { field: 'firstName', from: 'Lucas', to: 'Lucas-Marie' },
            { field: 'group', from: '5A', to: '6A' },
          ],
        },
      },
      text('nl'),
    );
    expect(shown).toEqual({
      label: 'Inschrijving gewijzigd',
      changes: [
        { field: 'Voornaam', from: 'Lucas', to: 'Lucas-Marie' },
        { field: 'Klas', from: '5A', to: '6A' },
      ],
      via: { kind: 'import', importId: 'imp-1' },
      reason: null,
    });
  });

  it('formats end dates as the rest of the UI does, an empty one as such', () => {
    const ended = describeEvent(
      {
        kind: 'enrolment_changed',
        detail: {
          source: 'import',
          importId: 'imp-2',
          change: 'ended',
          changes: [{ field: 'enrolledUntil', from: null, to: '2026-12-07' }],
        },
      },
      text('nl'),
    );
    expect(ended.label).toBe('Inschrijving beëindigd');
    expect(ended.changes).toEqual([
      { field: 'Ingeschreven tot', from: '(leeg)', to: '7 december 2026' },
    ]);
    const fr = describeEvent(
      {
        kind: 'enrolment_changed',
        detail: {
          source: 'student',
          change: 'updated',
          changes: [{ field: 'enrolledUntil', from: '2026-06-30', to: '2027-06-30' }],
        },
      },
      text('fr'),
    );
    expect(fr).toMatchObject({
      label: 'Inscription modifiée',
      changes: [{ field: "Inscrit jusqu'au", from: '30 juin 2026', to: '30 juin 2027' }],
      via: null,
    });
  });

  it('shows a one-thing change (username, keep-until date) without a field name', () => {
    expect(
      describeEvent(
        { kind: 'username_changed', detail: { from: 'lucas.peeters', to: 'lucas.p' } },
        text('en'),
      ).changes,
    ).toEqual([{ field: null, from: 'lucas.peeters', to: 'lucas.p' }]);
    expect(
      describeEvent(
        { kind: 'keep_until_changed', detail: { from: null, to: '2027-09-01' } },
        text('nl'),
      ).changes,
    ).toEqual([{ field: null, from: '(leeg)', to: '1 september 2027' }]);
  });

  it("explains a returning student's hold in the admin's language; the sync is named", () => {
    const blocked = describeEvent(
      { kind: 'blocked', detail: { reason: RETURNING_REASON } },
      text('fr'),
    );
    expect(blocked.label).toBe('Bloqué');
    expect(blocked.reason).toMatch(/reste bloqué/);
    const synced = describeEvent(
      {
        kind: 'enrolment_changed',
        detail: { source: 'api_sync', importId: 'x', change: 'reactivated', changes: [] },
      },
      text('en'),
    );
    expect(synced).toMatchObject({
      label: 'Enrolled again',
      via: { kind: 'api_sync' },
      changes: [],
    });
  });
});

describe('blockReasonText', () => {
  it('translates the returning hold and leaves a reason typed by an admin as it is', () => {
    const { t } = text('en');
    expect(blockReasonText(RETURNING_REASON, t)).toBe(
      'Enrolled again. The account stays blocked until you unblock it or make a new password.',
    );
    expect(blockReasonText('Misbruik', t)).toBe('Misbruik');
  });
});

describe('appendEvents', () => {
  it('adds an older page under the shown events, an event shifted onto it only once', () => {
    const e = (id: string) => ({ id });
    expect(appendEvents([e('9'), e('8')], [e('8'), e('7')])).toEqual([e('9'), e('8'), e('7')]);
  });
});
