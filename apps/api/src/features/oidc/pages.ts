import { createHash } from 'node:crypto';
import type { Locale } from '@schoolloket/core';
import { firstLocale, isLocale, localeFromHeader } from '../../platform/mail/index.js';

// The few pages the provider itself shows (errors, the sign-out question). Our own markup, no
// external resources (oidc-provider's defaults import web fonts from the internet).

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f6f8;color:#1b2733;margin:0;padding:2rem 1rem}
main{max-width:28rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.5rem 1.75rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin:0 0 .75rem}p{line-height:1.5}.muted{color:#4a5a6a;font-size:.9rem}
button,a.button{display:inline-block;font:inherit;font-weight:600;padding:.7rem 1.2rem;border-radius:8px;border:0;background:#1f5fbf;color:#fff;text-decoration:none;cursor:pointer;margin:.25rem .5rem .25rem 0}
button.secondary{background:#e3e8ee;color:#1b2733}
.logo{display:block;margin:0 0 .75rem;border-radius:12px}ul{padding-left:1.2rem;line-height:1.6}nav{margin:0 0 1rem}`;

/**
 * The CSP allows no inline style but this one block, by its hash (plugins/security.ts): the
 * provider's pages are single HTML answers without a stylesheet of their own.
 */
export const PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

export function page(title: string, body: string, lang = 'nl'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Schoolloket</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** What went wrong, in words, for the errors we name ourselves (the provider's are technical). */
export type ErrorReason = 'too_long' | 'expired' | 'not_found';

const TEXT = {
  nl: {
    error: 'Er ging iets mis',
    errorBody:
      'De aanmelding bij de app kon niet verdergaan. Ga terug naar de app en probeer opnieuw.',
    code: 'Foutcode',
    reasons: {
      too_long: 'De aanvraag van de app is te lang.',
      expired: 'De aanmelding duurde te lang.',
      not_found: 'Dit adres bestaat niet.',
    },
    signOut: 'Afmelden',
    signOutQuestion: (app?: string) =>
      `Wil je je afmelden bij Schoolloket${app ? ` en ${app}` : ''}?`,
    signOutYes: 'Ja, afmelden',
    signOutNo: 'Nee, aangemeld blijven',
    signedOut: 'Afgemeld',
    signedOutTitle: 'Je bent afgemeld',
    signedOutBody: 'Je kan dit venster sluiten.',
    signInAgain: 'Opnieuw aanmelden',
    noAccess: (app: string) => `Geen toegang tot ${app}`,
    cannotUse: (app: string) => `Je kan ${app} niet gebruiken`,
    refusals: {
      app_disabled: 'Deze app staat op dit moment uit.',
      not_enabled: 'Je school gebruikt deze app niet.',
      role: 'Deze app is niet voor jouw soort account.',
      group: 'Deze app is niet voor jouw klas.',
      other: 'Je hebt geen toegang tot deze app.',
    },
    askSchool: 'Vraag het aan je school als je denkt dat dit niet klopt.',
    backTo: (app: string) => `Terug naar ${app}`,
    home: 'Naar mijn startpagina',
  },
  fr: {
    error: "Une erreur s'est produite",
    errorBody:
      "La connexion à l'application n'a pas pu continuer. Retourne dans l'application et réessaie.",
    code: "Code d'erreur",
    reasons: {
      too_long: "La demande de l'application est trop longue.",
      expired: 'La connexion a pris trop de temps.',
      not_found: "Cette adresse n'existe pas.",
    },
    signOut: 'Se déconnecter',
    signOutQuestion: (app?: string) =>
      `Veux-tu te déconnecter de Schoolloket${app ? ` et de ${app}` : ''}\u00a0?`,
    signOutYes: 'Oui, me déconnecter',
    signOutNo: 'Non, rester connecté',
    signedOut: 'Déconnecté',
    signedOutTitle: 'Tu es déconnecté',
    signedOutBody: 'Tu peux fermer cette fenêtre.',
    signInAgain: 'Se reconnecter',
    noAccess: (app: string) => `Pas d'accès à ${app}`,
    cannotUse: (app: string) => `Tu ne peux pas utiliser ${app}`,
    refusals: {
      app_disabled: 'Cette application est désactivée pour le moment.',
      not_enabled: "Ton école n'utilise pas cette application.",
      role: "Cette application n'est pas prévue pour ton type de compte.",
      group: "Cette application n'est pas prévue pour ta classe.",
      other: "Tu n'as pas accès à cette application.",
    },
    askSchool: "Demande à ton école si tu penses que ce n'est pas correct.",
    backTo: (app: string) => `Retour à ${app}`,
    home: "Vers ma page d'accueil",
  },
  en: {
    error: 'Something went wrong',
    errorBody: 'Signing in to the app could not continue. Go back to the app and try again.',
    code: 'Error code',
    reasons: {
      too_long: "The app's request is too long.",
      expired: 'Signing in took too long.',
      not_found: 'This address does not exist.',
    },
    signOut: 'Sign out',
    signOutQuestion: (app?: string) =>
      `Do you want to sign out of Schoolloket${app ? ` and ${app}` : ''}?`,
    signOutYes: 'Yes, sign out',
    signOutNo: 'No, stay signed in',
    signedOut: 'Signed out',
    signedOutTitle: 'You are signed out',
    signedOutBody: 'You can close this window.',
    signInAgain: 'Sign in again',
    noAccess: (app: string) => `No access to ${app}`,
    cannotUse: (app: string) => `You cannot use ${app}`,
    refusals: {
      app_disabled: 'This app is switched off at the moment.',
      not_enabled: 'Your school does not use this app.',
      role: 'This app is not for your kind of account.',
      group: 'This app is not for your class.',
      other: 'You do not have access to this app.',
    },
    askSchool: 'Ask your school if you think this is not right.',
    backTo: (app: string) => `Back to ${app}`,
    home: 'To my start page',
  },
} satisfies Record<Locale, unknown>;

/** Of an app's `ui_locales` (space-separated tags, its preferred first), the first we write in. */
export function uiLocale(uiLocales: unknown): Locale | null {
  if (typeof uiLocales !== 'string') return null;
  return (
    uiLocales
      .split(' ')
      .map((tag) => tag.slice(0, 2).toLowerCase())
      .find(isLocale) ?? null
  );
}

/**
 * The page's language: the app's `ui_locales` (its first we write in), else `?lang=`, else the
 * browser's Accept-Language, else nl.
 */
export function pageLocale(request: {
  uiLocales?: unknown;
  lang?: unknown;
  acceptLanguage?: string | undefined;
}): Locale {
  return firstLocale(
    uiLocale(request.uiLocales),
    request.lang,
    localeFromHeader(request.acceptLanguage),
  );
}

/**
 * The provider's error page. `error` is the OAuth error code (shown to quote to a helpdesk);
 * `detail` our own reason, or the provider's technical description (English, for the app's
 * developer), shown small after the code.
 */
export function errorPage(
  error: string,
  locale: Locale,
  detail?: { reason: ErrorReason } | { technical: string },
): string {
  const t = TEXT[locale];
  const said = detail && 'reason' in detail ? t.reasons[detail.reason] : undefined;
  const technical = detail && 'technical' in detail ? detail.technical : undefined;
  return page(
    t.error,
    `<h1>${escapeHtml(t.error)}</h1>${said ? `<p>${escapeHtml(said)}</p>` : ''}<p>${escapeHtml(t.errorBody)}</p>` +
      `<p class="muted">${t.code}: <code>${escapeHtml(error)}</code>${
        technical ? ` — ${escapeHtml(technical)}` : ''
      }</p>`,
    locale,
  );
}

export function logoutPage(form: string, appName: string | undefined, locale: Locale): string {
  const t = TEXT[locale];
  return page(
    t.signOut,
    `${form}<h1>${escapeHtml(t.signOut)}</h1><p>${escapeHtml(t.signOutQuestion(appName))}</p>` +
      `<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${escapeHtml(t.signOutYes)}</button>` +
      `<button class="secondary" type="submit" form="op.logoutForm">${escapeHtml(t.signOutNo)}</button>`,
    locale,
  );
}

export function loggedOutPage(locale: Locale): string {
  const t = TEXT[locale];
  return page(
    t.signedOut,
    `<h1>${escapeHtml(t.signedOutTitle)}</h1><p>${escapeHtml(t.signedOutBody)}</p>` +
      `<p><a class="button" href="/aanmelden?lang=${locale}">${escapeHtml(t.signInAgain)}</a></p>`,
    locale,
  );
}

type RefusalReason = keyof (typeof TEXT)['nl']['refusals'];

/**
 * A person who may not use the app: say so, and let them go back (the app gets access_denied).
 * Without `abortPath` (the app is switched off: the provider does not send anyone back to it),
 * only the way to the start page.
 */
export function refusedPage(
  appName: string,
  reason: string,
  abortPath: string | undefined,
  locale: Locale,
): string {
  const t = TEXT[locale];
  const why = t.refusals[(reason in t.refusals ? reason : 'other') as RefusalReason];
  return page(
    t.noAccess(appName),
    `<h1>${escapeHtml(t.cannotUse(appName))}</h1><p>${escapeHtml(why)} ${escapeHtml(t.askSchool)}</p>` +
      (abortPath
        ? `<form method="post" action="${escapeHtml(abortPath)}"><button type="submit">${escapeHtml(t.backTo(appName))}</button></form>`
        : '') +
      `<p><a href="/">${escapeHtml(t.home)}</a></p>`,
    locale,
  );
}
