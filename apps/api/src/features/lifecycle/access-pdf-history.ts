import type { Locale } from '@schoolloket/core';
import type { PersonalData } from './schemas.js';

// The history section of the access PDF in the reader's words: what happened, who did it and
// the details a parent can use ("Account aangemaakt (gevorderd, tijdelijk wachtwoord) door
// beheerder"). Internal ids (batch, import, app and client ids) and raw values stay out.

type Event = PersonalData['history'][number];

const WORDS = {
  nl: {
    state: {
      registered: 'geregistreerd',
      invited: 'uitgenodigd',
      active: 'actief',
      revoked: 'ingetrokken',
    } as Record<string, string>,
    credential: {
      password_hash: 'wachtwoord',
      sealed_secret: 'wachtwoord voor de kaart (versleuteld)',
    } as Record<string, string>,
    purpose: { co_account_activation: 'activatielink co-account' } as Record<string, string>,
    kinds: {
      created: 'Account aangemaakt',
      username_changed: 'Gebruikersnaam gewijzigd',
      password_regenerated: 'Nieuw wachtwoord',
      type_changed: 'Type account gewijzigd',
      blocked: 'Account geblokkeerd',
      unblocked: 'Account gedeblokkeerd',
      first_password_change: 'Eerste eigen wachtwoord gekozen',
      password_changed: 'Wachtwoord gewijzigd',
      email_added: 'E-mailadres toegevoegd',
      login: 'Aangemeld',
      login_locked: 'Aanmelden tijdelijk vergrendeld na te veel pogingen',
      co_account_registered: 'Co-account geregistreerd',
      co_account_invited: 'Co-account: uitnodiging gemaild',
      co_account_activated: 'Co-account geactiveerd',
      co_account_revoked: 'Co-account ingetrokken',
      card_printed: 'Aanmeldkaart afgedrukt',
      exported: 'Aanmeldgegevens geëxporteerd',
      letter_printed: 'Ouderbrief afgedrukt',
      enrolment_changed: 'Inschrijving gewijzigd',
      app_login: 'Aangemeld bij een app',
      app_consent_granted: 'Toestemming gegeven aan een app',
      app_consent_declined: 'Toestemming geweigerd aan een app',
      keep_until_changed: 'Bewaartermijn gewijzigd',
      access_exported: 'Inzage: alle gegevens gedownload',
      erased: 'Gegevens gewist',
    } as Record<string, string>,
    other: 'Gebeurtenis',
    by: {
      admin: 'door de school',
      api_key: 'door het schoolsysteem (API)',
      student: 'door de leerling',
      parent: 'door een ouder',
      system: 'automatisch',
    } as Record<string, string>,
    byAdmin: 'door {name} (school)',
    parent: 'ouder {slot}',
    type: { basic: 'basis', advanced: 'gevorderd' } as Record<string, string>,
    passwordKind: {
      picture: 'afbeeldingswachtwoord',
      word: 'wachtwoord',
      temporary: 'tijdelijk wachtwoord',
      own: 'eigen wachtwoord',
    } as Record<string, string>,
    change: {
      created: 'ingeschreven',
      updated: 'gegevens gewijzigd',
      reactivated: 'opnieuw ingeschreven',
      ended: 'inschrijving beëindigd',
      deactivated: 'inschrijving beëindigd',
    } as Record<string, string>,
    via: { import: 'via import', api_sync: 'via het schoolsysteem' } as Record<string, string>,
    fields: {
      firstName: 'voornaam',
      lastName: 'naam',
      group: 'klas',
      officialFirstName: 'officiële voornaam',
      officialLastName: 'officiële naam',
      gender: 'geslacht',
      birthDate: 'geboortedatum',
      enrolledUntil: 'ingeschreven tot',
      parentEmails: 'e-mailadressen ouders',
      locale: 'taal',
    } as Record<string, string>,
    format: { json: 'als JSON-bestand', pdf: 'als PDF' } as Record<string, string>,
    reason: 'reden: {reason}',
    until: 'tot {until}',
    replaced: 'vorig adres vervangen',
    app: 'app: {app}',
  },
  fr: {
    state: {
      registered: 'enregistré',
      invited: 'invité',
      active: 'actif',
      revoked: 'révoqué',
    } as Record<string, string>,
    credential: {
      password_hash: 'mot de passe',
      sealed_secret: 'mot de passe de la carte (chiffré)',
    } as Record<string, string>,
    purpose: { co_account_activation: "lien d'activation du co-compte" } as Record<string, string>,
    kinds: {
      created: 'Compte créé',
      username_changed: "Nom d'utilisateur modifié",
      password_regenerated: 'Nouveau mot de passe',
      type_changed: 'Type de compte modifié',
      blocked: 'Compte bloqué',
      unblocked: 'Compte débloqué',
      first_password_change: 'Premier mot de passe personnel choisi',
      password_changed: 'Mot de passe modifié',
      email_added: 'Adresse e-mail ajoutée',
      login: 'Connexion',
      login_locked: 'Connexion bloquée temporairement après trop de tentatives',
      co_account_registered: 'Co-compte enregistré',
      co_account_invited: 'Co-compte : invitation envoyée',
      co_account_activated: 'Co-compte activé',
      co_account_revoked: 'Co-compte révoqué',
      card_printed: 'Carte de connexion imprimée',
      exported: 'Données de connexion exportées',
      letter_printed: 'Lettre aux parents imprimée',
      enrolment_changed: 'Inscription modifiée',
      app_login: 'Connexion à une application',
      app_consent_granted: 'Autorisation donnée à une application',
      app_consent_declined: 'Autorisation refusée à une application',
      keep_until_changed: 'Durée de conservation modifiée',
      access_exported: 'Accès : toutes les données téléchargées',
      erased: 'Données effacées',
    } as Record<string, string>,
    other: 'Événement',
    by: {
      admin: "par l'école",
      api_key: "par le système de l'école (API)",
      student: "par l'élève",
      parent: 'par un parent',
      system: 'automatiquement',
    } as Record<string, string>,
    byAdmin: 'par {name} (école)',
    parent: 'parent {slot}',
    type: { basic: 'base', advanced: 'avancé' } as Record<string, string>,
    passwordKind: {
      picture: 'mot de passe en images',
      word: 'mot de passe',
      temporary: 'mot de passe temporaire',
      own: 'mot de passe personnel',
    } as Record<string, string>,
    change: {
      created: 'inscrit',
      updated: 'données modifiées',
      reactivated: 'réinscrit',
      ended: 'inscription terminée',
      deactivated: 'inscription terminée',
    } as Record<string, string>,
    via: { import: 'par import', api_sync: "par le système de l'école" } as Record<string, string>,
    fields: {
      firstName: 'prénom',
      lastName: 'nom',
      group: 'classe',
      officialFirstName: 'prénom officiel',
      officialLastName: 'nom officiel',
      gender: 'genre',
      birthDate: 'date de naissance',
      enrolledUntil: "inscrit jusqu'au",
      parentEmails: 'e-mails des parents',
      locale: 'langue',
    } as Record<string, string>,
    format: { json: 'en fichier JSON', pdf: 'en PDF' } as Record<string, string>,
    reason: 'raison : {reason}',
    until: "jusqu'au {until}",
    replaced: 'ancienne adresse remplacée',
    app: 'application : {app}',
  },
  en: {
    state: {
      registered: 'registered',
      invited: 'invited',
      active: 'active',
      revoked: 'revoked',
    } as Record<string, string>,
    credential: {
      password_hash: 'password',
      sealed_secret: 'password for the card (sealed)',
    } as Record<string, string>,
    purpose: { co_account_activation: 'co-account activation link' } as Record<string, string>,
    kinds: {
      created: 'Account created',
      username_changed: 'Username changed',
      password_regenerated: 'New password',
      type_changed: 'Account type changed',
      blocked: 'Account blocked',
      unblocked: 'Account unblocked',
      first_password_change: 'First own password chosen',
      password_changed: 'Password changed',
      email_added: 'E-mail address added',
      login: 'Signed in',
      login_locked: 'Sign-in locked for a while after too many attempts',
      co_account_registered: 'Co-account registered',
      co_account_invited: 'Co-account: invitation mailed',
      co_account_activated: 'Co-account activated',
      co_account_revoked: 'Co-account revoked',
      card_printed: 'Login card printed',
      exported: 'Login details exported',
      letter_printed: 'Parent letter printed',
      enrolment_changed: 'Enrolment changed',
      app_login: 'Signed in to an app',
      app_consent_granted: 'Consent given to an app',
      app_consent_declined: 'Consent declined for an app',
      keep_until_changed: 'Retention date changed',
      access_exported: 'Access: all data downloaded',
      erased: 'Data erased',
    } as Record<string, string>,
    other: 'Event',
    by: {
      admin: 'by the school',
      api_key: "by the school's system (API)",
      student: 'by the student',
      parent: 'by a parent',
      system: 'automatically',
    } as Record<string, string>,
    byAdmin: 'by {name} (school)',
    parent: 'parent {slot}',
    type: { basic: 'basic', advanced: 'advanced' } as Record<string, string>,
    passwordKind: {
      picture: 'picture password',
      word: 'password',
      temporary: 'temporary password',
      own: 'own password',
    } as Record<string, string>,
    change: {
      created: 'enrolled',
      updated: 'details changed',
      reactivated: 'enrolled again',
      ended: 'enrolment ended',
      deactivated: 'enrolment ended',
    } as Record<string, string>,
    via: { import: 'by import', api_sync: "by the school's system" } as Record<string, string>,
    fields: {
      firstName: 'first name',
      lastName: 'last name',
      group: 'class',
      officialFirstName: 'official first name',
      officialLastName: 'official last name',
      gender: 'gender',
      birthDate: 'birth date',
      enrolledUntil: 'enrolled until',
      parentEmails: 'parent e-mails',
      locale: 'language',
    } as Record<string, string>,
    format: { json: 'as a JSON file', pdf: 'as a PDF' } as Record<string, string>,
    reason: 'reason: {reason}',
    until: 'until {until}',
    replaced: 'earlier address replaced',
    app: 'app: {app}',
  },
} as const;

export type HistoryWords = (typeof WORDS)[Locale];

/** A stored value (account type, password kind, co-account state, …) in the reader's words. */
export function valueWord(
  locale: Locale,
  table: 'type' | 'passwordKind' | 'state' | 'credential' | 'purpose',
  value: string | null | undefined,
): string {
  if (!value) return '';
  const words: Record<string, string> = WORDS[locale][table];
  return words[value] ?? value.replace(/_/g, ' ');
}

const fill = (s: string, v: Record<string, string>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** What the event changed or concerns, as short phrases (no ids, no raw JSON). */
function details(w: HistoryWords, e: Event, when: (v: string) => string): string[] {
  const d = e.detail;
  const out: string[] = [];
  const word = (table: Record<string, string>, v: unknown) => {
    const s = str(v);
    if (s) out.push(table[s] ?? s.replace(/_/g, ' '));
  };
  const from = str(d.from);
  const to = str(d.to);
  switch (e.kind) {
    case 'created':
      word(w.type, d.type);
      word(w.passwordKind, d.passwordKind);
      if (str(d.username)) out.push(str(d.username)!);
      break;
    case 'username_changed':
      if (from && to) out.push(`${from} → ${to}`);
      break;
    case 'type_changed':
      if (from && to) out.push(`${w.type[from] ?? from} → ${w.type[to] ?? to}`);
      word(w.passwordKind, d.passwordKind);
      break;
    case 'password_regenerated':
      word(w.passwordKind, d.passwordKind);
      break;
    case 'keep_until_changed':
      out.push(`${from ? when(from) : '—'} → ${to ? when(to) : '—'}`);
      break;
    case 'enrolment_changed': {
      word(w.change, d.change);
      const fields = Array.isArray(d.changes)
        ? d.changes.map((c: unknown) => str((c as { field?: unknown } | null)?.field))
        : [];
      const named = fields.filter((f): f is string => f !== undefined).map((f) => w.fields[f] ?? f);
      if (named.length) out.push(named.join(', '));
      word(w.via, d.source === 'student' ? undefined : d.source);
      break;
    }
    case 'email_added':
      if (d.replaced === true) out.push(w.replaced);
      break;
    case 'login_locked':
      if (str(d.until)) out.push(fill(w.until, { until: when(str(d.until)!) }));
      break;
    case 'access_exported':
      word(w.format, d.format);
      break;
    case 'app_login':
    case 'app_consent_granted':
    case 'app_consent_declined':
      if (str(d.app)) out.push(fill(w.app, { app: str(d.app)! }));
      break;
  }
  if (typeof d.slot === 'number' && e.kind !== 'created')
    out.push(fill(w.parent, { slot: String(d.slot) }));
  if (str(d.reason)) out.push(fill(w.reason, { reason: str(d.reason)! }));
  return out;
}

/** Who did it: the school (with the admin's name when known), the student, a parent, … */
function actor(w: HistoryWords, e: Event): string {
  const { kind, name } = e.actor;
  if (kind === 'admin' && name) return fill(w.byAdmin, { name });
  return w.by[kind] ?? '';
}

/**
 * One history line: "Account aangemaakt (gevorderd, tijdelijk wachtwoord, sara.cohen) door de
 * school". `when` formats a date or timestamp as the rest of the PDF does.
 */
export function historyLine(locale: Locale, e: Event, when: (v: string) => string): string {
  const w = WORDS[locale];
  const what = w.kinds[e.kind] ?? `${w.other}: ${e.kind.replace(/_/g, ' ')}`;
  const more = details(w, e, when);
  return [more.length ? `${what} (${more.join(', ')})` : what, actor(w, e)]
    .filter(Boolean)
    .join(' ');
}
