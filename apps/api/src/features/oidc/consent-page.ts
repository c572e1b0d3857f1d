import { LOCALES, type Locale } from '@schoolloket/core';
import { escapeHtml, page } from './pages.js';
import type { Person } from './people.js';

// The consent page of an app the school or platform marked "requires consent": after the portal
// login, before the app gets anything, the person sees what the app will receive — with their own
// values, not scope names — and allows or declines. Dutch first; French and English by ?lang=
// (the portal passes the language the person chose there).

const TEXT = {
  nl: {
    title: (app: string) => `Aanmelden bij ${app}`,
    intro: (app: string) => `${app} vraagt om deze gegevens van jou:`,
    subject: (app: string) => `Een nummer waarmee ${app} je herkent (alleen ${app} kent het)`,
    publicSubject: 'Je accountnummer bij Schoolloket',
    name: 'Je naam',
    username: 'Je gebruikersnaam',
    email: 'Je e-mailadres',
    school: 'Je school en klas',
    schoolParent: 'De school en klas van je kind',
    usernameParent: 'De gebruikersnaam waarmee je aanmeldt',
    roleStudent: 'Dat je leerling bent',
    roleParent: 'Dat je ouder bent',
    child: 'De voornaam van je kind',
    offline: (app: string) =>
      `${app} mag je aangemeld houden, ook als je Schoolloket sluit (tot je je afmeldt)`,
    question: (app: string) => `Mag ${app} deze gegevens krijgen?`,
    allow: 'Ja, toestaan',
    decline: 'Nee, weigeren',
    remembered:
      'Je antwoord wordt onthouden. Vraagt de app later meer, dan vragen we het je opnieuw.',
    language: 'Taal',
    colon: ': ',
  },
  fr: {
    title: (app: string) => `Se connecter à ${app}`,
    intro: (app: string) => `${app} demande ces données te concernant\u00a0:`,
    subject: (app: string) => `Un numéro par lequel ${app} te reconnaît (seule ${app} le connaît)`,
    publicSubject: 'Ton numéro de compte Schoolloket',
    name: 'Ton nom',
    username: "Ton nom d'utilisateur",
    email: 'Ton adresse e-mail',
    school: 'Ton école et ta classe',
    schoolParent: "L'école et la classe de ton enfant",
    usernameParent: "Le nom d'utilisateur avec lequel tu te connectes",
    roleStudent: 'Que tu es élève',
    roleParent: 'Que tu es parent',
    child: 'Le prénom de ton enfant',
    offline: (app: string) =>
      `${app} peut te garder connecté, même quand tu fermes Schoolloket (jusqu'à ta déconnexion)`,
    question: (app: string) => `${app} peut-elle recevoir ces données\u00a0?`,
    allow: 'Oui, autoriser',
    decline: 'Non, refuser',
    remembered:
      "Ta réponse est retenue. Si l'application demande plus tard davantage, nous te redemanderons.",
    language: 'Langue',
    // French typography: a non-breaking space before the colon.
    colon: '\u00a0: ',
  },
  en: {
    title: (app: string) => `Sign in to ${app}`,
    intro: (app: string) => `${app} asks for this information about you:`,
    subject: (app: string) => `A number by which ${app} recognises you (only ${app} knows it)`,
    publicSubject: 'Your Schoolloket account number',
    name: 'Your name',
    username: 'Your username',
    email: 'Your e-mail address',
    school: 'Your school and class',
    schoolParent: "Your child's school and class",
    usernameParent: 'The username you sign in with',
    roleStudent: 'That you are a student',
    roleParent: 'That you are a parent',
    child: "Your child's first name",
    offline: (app: string) =>
      `${app} may keep you signed in, also when you close Schoolloket (until you sign out)`,
    question: (app: string) => `May ${app} receive this information?`,
    allow: 'Yes, allow',
    decline: 'No, decline',
    remembered: 'Your answer is remembered. If the app asks for more later, we ask you again.',
    language: 'Language',
    colon: ': ',
  },
} satisfies Record<Locale, unknown>;

const LANGUAGE_NAMES: Record<Locale, string> = {
  nl: 'Nederlands',
  fr: 'Français',
  en: 'English',
};

export interface ConsentView {
  appName: string;
  logoUrl: string | null;
  scopes: string[];
  subjectType: 'pairwise' | 'public';
  person: Person;
  claims: Record<string, unknown>;
}

/** What the app will receive, one line per claim group, with the person's own values. */
export function consentLines(view: ConsentView, locale: Locale): string[] {
  const t = TEXT[locale];
  const c = view.claims;
  const lines: string[] = [
    view.subjectType === 'public' ? t.publicSubject : t.subject(view.appName),
  ];
  const scopes = new Set(view.scopes);
  if (scopes.has('profile')) {
    if (typeof c.name === 'string' && c.name) lines.push(`${t.name}${t.colon}${c.name}`);
    if (typeof c.preferred_username === 'string')
      lines.push(
        `${view.person.role === 'parent' ? t.usernameParent : t.username}${t.colon}${c.preferred_username}`,
      );
  }
  if (scopes.has('email') && typeof c.email === 'string')
    lines.push(`${t.email}${t.colon}${c.email}`);
  if (scopes.has('school')) {
    const school = (c.school as { name?: string } | undefined)?.name ?? '';
    const label = view.person.role === 'parent' ? t.schoolParent : t.school;
    lines.push(`${label}${t.colon}${[school, c.group].filter(Boolean).join(', ')}`);
    lines.push(view.person.role === 'student' ? t.roleStudent : t.roleParent);
    const child = c.child as { given_name?: string } | undefined;
    if (child?.given_name) lines.push(`${t.child}${t.colon}${child.given_name}`);
  }
  if (scopes.has('offline_access')) lines.push(t.offline(view.appName));
  return lines;
}

export function consentPage(
  view: ConsentView,
  locale: Locale,
  paths: { allow: string; decline: string; self: string; shown: string },
): string {
  const t = TEXT[locale];
  const logo = view.logoUrl
    ? `<img src="${escapeHtml(view.logoUrl)}" alt="" width="64" height="64" class="logo">`
    : '';
  const languages = LOCALES.map((l) =>
    l === locale
      ? `<strong lang="${l}">${LANGUAGE_NAMES[l]}</strong>`
      : `<a lang="${l}" hreflang="${l}" href="${escapeHtml(`${paths.self}?lang=${l}`)}">${LANGUAGE_NAMES[l]}</a>`,
  ).join(' · ');
  return page(
    TEXT[locale].title(view.appName),
    `<nav aria-label="${t.language}" class="muted">${languages}</nav>` +
      `${logo}<h1>${escapeHtml(t.title(view.appName))}</h1>` +
      `<p>${escapeHtml(t.intro(view.appName))}</p>` +
      `<ul data-test="consent-claims">${consentLines(view, locale)
        .map((line) => `<li>${escapeHtml(line)}</li>`)
        .join('')}</ul>` +
      `<p><strong>${escapeHtml(t.question(view.appName))}</strong></p>` +
      `<form method="post" action="${escapeHtml(paths.allow)}">` +
      `<input type="hidden" name="shown" value="${escapeHtml(paths.shown)}">` +
      `<button type="submit" data-test="consent-allow">${t.allow}</button>` +
      `<button type="submit" class="secondary" formaction="${escapeHtml(paths.decline)}" data-test="consent-decline">${t.decline}</button>` +
      `</form><p class="muted">${escapeHtml(t.remembered)}</p>`,
    locale,
  );
}
