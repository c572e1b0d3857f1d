import type { Locale } from '@schoolloket/core';

const LOCALES: readonly Locale[] = ['nl', 'fr', 'en'];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first of `candidates` that is a language we write in (a request's, a student's, a school's), else nl. */
export function firstLocale(...candidates: unknown[]): Locale {
  return candidates.find(isLocale) ?? 'nl';
}

/** First supported language of an Accept-Language header (q-values respected), else the fallback. */
export function localeFromHeader(header: string | undefined, fallback: Locale = 'nl'): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q) : 1, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.lang).find(isLocale) ?? fallback;
}
