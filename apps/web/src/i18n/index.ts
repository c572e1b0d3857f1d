import { createI18n } from 'vue-i18n';
import app from './app.messages';
import students from '../features/students/messages';
import accounts from '../features/accounts/messages';

export type Locale = 'nl' | 'fr' | 'en';
export const LOCALES: Locale[] = ['nl', 'fr', 'en'];

// Each feature owns its messages; add a feature by adding one import and one entry here.
const parts = [app, students, accounts];

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
        long: { year: 'numeric', month: 'long', day: 'numeric' },
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

export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale;
  localStorage.setItem('locale', locale);
  document.documentElement.lang = locale;
}

/** 'YYYY-MM-DD' → "19 maart 2007" without timezone shifts. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return i18n.global.d(new Date(Date.UTC(y!, m! - 1, d!, 12)), 'long');
}
