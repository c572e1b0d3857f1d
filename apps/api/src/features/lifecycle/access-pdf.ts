import type { RecordDocument } from '@schoolloket/core/export';
import type { Retention } from '../../config.js';
import type { SheetLocale } from './preview-xlsx.js';
import type { PersonalData } from './schemas.js';

// The access download as a readable PDF: the same data as the JSON, laid out as labelled rows.

const L = {
  nl: {
    title: 'Gegevens van {name}',
    intro:
      'Alles wat {school} in Schoolloket over deze leerling en de co-accounts van de ouders bewaart, op {date}. Wachtwoorden en geheimen staan er niet in: alleen welke er bestaan.',
    student: 'Leerling',
    account: 'Account',
    usernames: 'Gebruikersnamen',
    coAccounts: 'Co-accounts (ouders)',
    sessions: 'Portaalsessies',
    links: 'Gemailde links',
    apps: 'Aanmeldingen bij apps',
    history: 'Historiek',
    elsewhere: 'Tijdelijke kopieën elders',
    none: 'Geen.',
    stamnummer: 'Stamnummer',
    name: 'Naam',
    official: 'Officiële naam',
    gender: 'Geslacht',
    birthDate: 'Geboortedatum',
    group: 'Groep',
    enrolledUntil: 'Ingeschreven tot',
    keepUntil: 'Bewaren tot',
    parentEmails: 'E-mailadressen ouders',
    locale: 'Taal',
    created: 'Aangemaakt',
    updated: 'Gewijzigd',
    username: 'Gebruikersnaam',
    type: 'Type',
    passwordKind: 'Soort wachtwoord',
    credentials: 'Aanmeldgegevens (bestaan)',
    mustChange: 'Moet wachtwoord wijzigen',
    email: 'E-mailadres',
    blocked: 'Geblokkeerd',
    lastLogin: 'Laatste aanmelding',
    issued: 'Uitgegeven',
    released: 'Vrijgegeven',
    state: 'Status',
    parent: 'Ouder {slot}',
    agreement: 'Gebruiksovereenkomst',
    yes: 'ja',
    no: 'nee',
    footer: 'Inzage in persoonsgegevens (AVG art. 15) · {school}',
  },
  fr: {
    title: 'Données de {name}',
    intro:
      "Tout ce que {school} conserve dans Schoolloket sur cet élève et les co-comptes des parents, au {date}. Les mots de passe et secrets n'y figurent pas : seulement lesquels existent.",
    student: 'Élève',
    account: 'Compte',
    usernames: "Noms d'utilisateur",
    coAccounts: 'Co-comptes (parents)',
    sessions: 'Sessions du portail',
    links: 'Liens envoyés',
    apps: 'Connexions aux applications',
    history: 'Historique',
    elsewhere: 'Copies temporaires ailleurs',
    none: 'Aucun.',
    stamnummer: 'Matricule',
    name: 'Nom',
    official: 'Nom officiel',
    gender: 'Genre',
    birthDate: 'Date de naissance',
    group: 'Groupe',
    enrolledUntil: "Inscrit jusqu'au",
    keepUntil: "Conservé jusqu'au",
    parentEmails: 'E-mails des parents',
    locale: 'Langue',
    created: 'Créé',
    updated: 'Modifié',
    username: "Nom d'utilisateur",
    type: 'Type',
    passwordKind: 'Type de mot de passe',
    credentials: "Données d'accès (existantes)",
    mustChange: 'Doit changer le mot de passe',
    email: 'E-mail',
    blocked: 'Bloqué',
    lastLogin: 'Dernière connexion',
    issued: 'Attribué',
    released: 'Libéré',
    state: 'Statut',
    parent: 'Parent {slot}',
    agreement: "Conditions d'utilisation",
    yes: 'oui',
    no: 'non',
    footer: 'Accès aux données personnelles (RGPD art. 15) · {school}',
  },
  en: {
    title: 'Data of {name}',
    intro:
      '{school} holds all of this in Schoolloket on this student and the parents’ co-accounts, as of {date}. Passwords and secrets are not in it: only which exist.',
    student: 'Student',
    account: 'Account',
    usernames: 'Usernames',
    coAccounts: 'Co-accounts (parents)',
    sessions: 'Portal sessions',
    links: 'Mailed links',
    apps: 'App sign-ins',
    history: 'History',
    elsewhere: 'Temporary copies elsewhere',
    none: 'None.',
    stamnummer: 'Stamnummer',
    name: 'Name',
    official: 'Official name',
    gender: 'Gender',
    birthDate: 'Birth date',
    group: 'Group',
    enrolledUntil: 'Enrolled until',
    keepUntil: 'Keep until',
    parentEmails: 'Parent e-mails',
    locale: 'Language',
    created: 'Created',
    updated: 'Changed',
    username: 'Username',
    type: 'Type',
    passwordKind: 'Password kind',
    credentials: 'Credentials (existing)',
    mustChange: 'Must change password',
    email: 'E-mail',
    blocked: 'Blocked',
    lastLogin: 'Last login',
    issued: 'Issued',
    released: 'Released',
    state: 'Status',
    parent: 'Parent {slot}',
    agreement: 'User agreement',
    yes: 'yes',
    no: 'no',
    footer: 'Access to personal data (GDPR art. 15) · {school}',
  },
} as const;

const fill = (s: string, v: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));

/** A timestamp in Brussels time, minutes precision; a date stays a date. */
function when(v: string | null | undefined): string {
  if (!v) return '—';
  if (v.length === 10) return v;
  return new Date(v)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Brussels', hour12: false })
    .slice(0, 16);
}

/** Where else data of the student stay for a while (the JSON says it in English for machines). */
const ELSEWHERE: Record<SheetLocale, (r: Retention) => string[]> = {
  nl: (r) => [
    `Uitgaande mails aan de ouders (adres en tekst, versleuteld): tot ze verstuurd zijn, daarna ${r.outboxDays} dag(en)`,
    `Importvoorbeelden (namen, geboortedatum, e-mailadressen): tot ${r.importsDays} dag(en) na het doorvoeren of laten vallen`,
    `Het versleutelde antwoord van een accountaanmaak (wachtwoorden): tot ${r.idempotencyDays} dag(en) na de 24 uur waarin het herhaald kan worden`,
    `Sessies en aanmeldingen bij apps: tot ${r.sessionsDays} / ${r.oidcDays} dag(en) nadat ze aflopen`,
  ],
  fr: (r) => [
    `Courriels sortants aux parents (adresse et texte, chiffrés) : jusqu’à leur envoi, puis ${r.outboxDays} jour(s)`,
    `Aperçus d’import (noms, date de naissance, e-mails) : jusqu’à ${r.importsDays} jour(s) après la validation ou l’abandon`,
    `La réponse chiffrée d’une création de comptes (mots de passe) : jusqu’à ${r.idempotencyDays} jour(s) après ses 24 heures`,
    `Sessions et connexions aux applications : jusqu’à ${r.sessionsDays} / ${r.oidcDays} jour(s) après leur fin`,
  ],
  en: (r) => [
    `Outgoing mails to the parents (address and text, sealed): until sent, then ${r.outboxDays} day(s)`,
    `Import previews (names, birth date, e-mails): until ${r.importsDays} day(s) after they were committed or dropped`,
    `The sealed answer of an account creation (passwords): until ${r.idempotencyDays} day(s) after its 24 hours`,
    `Sessions and app sign-ins: until ${r.sessionsDays} / ${r.oidcDays} day(s) after they end`,
  ],
};

export function personalRecord(
  d: PersonalData,
  locale: SheetLocale,
  retention: Retention,
): RecordDocument {
  const l = L[locale];
  const s = d.student;
  const a = d.account;
  const yesNo = (b: boolean) => (b ? l.yes : l.no);
  const name = `${s.firstName} ${s.lastName}`;
  // 'student' or 'parent N' in the JSON: the reader's words here.
  const who = (person: string) => {
    const slot = /^parent (\d+)$/.exec(person)?.[1];
    return slot ? fill(l.parent, { slot }) : l.student;
  };
  const section = (heading: string, rows: Array<[string, string]>) => ({
    heading,
    rows,
    empty: l.none,
  });
  return {
    title: fill(l.title, { name }),
    lines: [fill(l.intro, { school: d.school.name, date: when(d.generatedAt) })],
    footer: fill(l.footer, { school: d.school.name }),
    sections: [
      section(l.student, [
        [l.stamnummer, s.stamnummer],
        [l.name, name],
        [l.official, [s.officialFirstName, s.officialLastName].filter(Boolean).join(' ')],
        [l.gender, s.gender ?? ''],
        [l.birthDate, when(s.birthDate)],
        [l.group, s.group],
        [l.enrolledUntil, when(s.enrolledUntil)],
        [l.keepUntil, when(s.keepUntil)],
        [l.parentEmails, s.parentEmails.join(', ')],
        [l.locale, s.locale ?? ''],
        [l.created, when(s.createdAt)],
        [l.updated, when(s.updatedAt)],
      ]),
      section(
        l.account,
        a
          ? [
              [l.username, a.username],
              [l.type, a.type],
              [l.passwordKind, a.passwordKind],
              [l.credentials, a.credentials.join(', ')],
              [l.mustChange, yesNo(a.mustChangePassword)],
              [l.email, a.email ?? ''],
              [l.blocked, a.blockedAt ? `${when(a.blockedAt)} ${a.blockedReason ?? ''}` : l.no],
              [l.lastLogin, when(a.lastLoginAt)],
              [l.created, when(a.createdAt)],
            ]
          : [],
      ),
      section(
        l.usernames,
        d.usernames.map((u) => [
          u.username,
          `${l.issued} ${when(u.issuedAt)}${u.releasedAt ? ` · ${l.released} ${when(u.releasedAt)}` : ''}`,
        ]),
      ),
      section(
        l.coAccounts,
        d.coAccounts.map((c) => [
          fill(l.parent, { slot: c.slot }),
          [
            c.email ?? '',
            `${l.state}: ${c.state}`,
            `${l.credentials}: ${c.credentials.join(', ') || '—'}`,
            c.agreementAcceptedAt
              ? `${l.agreement} ${c.agreementVersion ?? ''} ${when(c.agreementAcceptedAt)}`
              : '',
            `${l.lastLogin}: ${when(c.lastLoginAt)}`,
          ]
            .filter(Boolean)
            .join(' · '),
        ]),
      ),
      section(
        l.sessions,
        d.sessions.map((x) => [
          who(x.person),
          `${when(x.createdAt)} → ${when(x.expiresAt)} ${x.userAgent ?? ''}`,
        ]),
      ),
      section(
        l.links,
        d.links.map((x) => [x.purpose, `${x.email ?? ''} ${when(x.createdAt)}`]),
      ),
      section(
        l.apps,
        d.appSignIns.map((x) => [who(x.person), x.clientId ?? '']),
      ),
      section(
        l.history,
        d.history.map((e) => [
          when(e.createdAt),
          `${e.kind} · ${e.actor.kind}${e.actor.name ? ` ${e.actor.name}` : ''}${Object.keys(e.detail).length ? ` · ${JSON.stringify(e.detail)}` : ''}`,
        ]),
      ),
      section(
        l.elsewhere,
        ELSEWHERE[locale](retention).map((x) => ['', x]),
      ),
    ],
  };
}
