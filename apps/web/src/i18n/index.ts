import { LOCALES, type Locale } from '@schoolloket/core';
import { createI18n } from 'vue-i18n';
import type { SameKeys } from './define';
import app from './app.messages';
// Type-only: checked below for completeness, loaded lazily by area.
import type accounts from '../features/accounts/messages';
import type admins from '../features/admins/messages';
import type auth from '../features/auth/messages';
import type coAccounts from '../features/co-accounts/messages';
import type settings from '../features/settings/messages';
import type imports from '../features/imports/messages';
import type portal from '../features/portal/messages';
import type students from '../features/students/messages';
import type printing from '../features/printing/messages';
import type apps from '../features/apps/messages';
import type lifecycle from '../features/lifecycle/messages';
import type security from '../features/security/messages';

export { LOCALES, type Locale };

type FeatureMessages = Record<Locale, Record<string, unknown>>;

/**
 * Each feature owns its messages (features/<feature>/messages.ts: all three locales under the
 * feature's own top-level key, `students.…`; a large catalogue keeps one file per locale,
 * messages.<locale>.ts, which messages.ts gathers). Only `app` (layout, login, errors) ships with
 * the first load; the others come with the first route of their area, so neither the portal nor
 * the dashboard downloads the other's texts. Register a feature in its area below and in the
 * completeness check; a route's area is `meta.messages` (see router/index.ts).
 */
const areas = {
  admin: () => [
    import('../features/students/messages'),
    import('../features/accounts/messages'),
    import('../features/imports/messages'),
    import('../features/admins/messages'),
    import('../features/co-accounts/messages'),
    import('../features/printing/messages'),
    import('../features/settings/messages'),
    import('../features/apps/messages'),
    import('../features/lifecycle/messages'),
    import('../features/security/messages'),
  ],
  portal: () => [import('../features/portal/messages')],
  auth: () => [import('../features/auth/messages')],
} satisfies Record<string, () => Promise<{ default: FeatureMessages }>[]>;
export type MessageArea = keyof typeof areas;

// Dutch is the reference: a key missing in French or English, or one they add, fails here.
type Complete<T> = T extends { nl: infer N }
  ? T extends { fr: SameKeys<N>; en: SameKeys<N> }
    ? SameKeys<N> extends SameKeys<T['fr']> & SameKeys<T['en']>
      ? true
      : false
    : false
  : false;
const complete: [
  Complete<typeof app>,
  Complete<typeof students>,
  Complete<typeof accounts>,
  Complete<typeof imports>,
  Complete<typeof admins>,
  Complete<typeof coAccounts>,
  Complete<typeof settings>,
  Complete<typeof portal>,
  Complete<typeof auth>,
  Complete<typeof printing>,
  Complete<typeof apps>,
  Complete<typeof lifecycle>,
  Complete<typeof security>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true];
void complete;

const parts: FeatureMessages[] = [app];

function merge(locale: Locale) {
  return Object.assign({}, ...parts.map((p) => (p as Record<Locale, object>)[locale]));
}

const stored = localStorage.getItem('locale') as Locale | null;

export const i18n = createI18n({
  legacy: false,
  locale: stored && LOCALES.includes(stored) ? stored : 'nl',
  fallbackLocale: 'nl',
  messages: { nl: merge('nl'), fr: merge('fr'), en: merge('en') },
  datetimeFormats: Object.fromEntries(
    LOCALES.map((l) => [
      l,
      {
        // Calendar dates (birth date, enrolment end) are built at UTC noon by formatDate.
        long: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' },
        short: {
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        },
      },
    ]),
  ),
});

const loadedAreas = new Map<MessageArea, Promise<void>>();

/** Adds an area's messages (all locales) once; the router awaits it before showing a route. */
export function loadMessages(area: MessageArea): Promise<void> {
  let loading = loadedAreas.get(area);
  if (!loading) {
    loading = Promise.all(areas[area]()).then((modules) => {
      for (const { default: messages } of modules)
        for (const locale of LOCALES) i18n.global.mergeLocaleMessage(locale, messages[locale]);
    });
    // A failed chunk download is tried again on the next navigation.
    loading.catch(() => loadedAreas.delete(area));
    loadedAreas.set(area, loading);
  }
  return loading;
}

/** The language on screen. */
export const currentLocale = () => i18n.global.locale.value as Locale;

export function setLocale(locale: Locale) {
  showLocale(locale);
  localStorage.setItem('locale', locale);
}

/**
 * Shows the screens in `locale` without keeping it as this browser's choice: what a learning app
 * asked for its sign-in (the next person at a class computer gets their own choice back).
 */
export function showLocale(locale: Locale) {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}

/** 'YYYY-MM-DD' → "19 maart 2007" without timezone shifts. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return i18n.global.d(new Date(Date.UTC(y!, m! - 1, d!, 12)), 'long');
}
