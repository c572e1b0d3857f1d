// Mails to school admins and helpdesk users about their own password: the invitation of a new
// user, the "forgot password" link and the notice that the password changed. Same blocks and
// rendering as the parent mails (templates.ts); links are built by the caller from PUBLIC_BASE_URL.
import type { Locale } from '@schoolloket/core';
import { noticeOf, type NoticeTexts } from './admin-notice.js';
import { p, render, type Block, type RenderedMail } from './templates.js';

/** What the mails are signed with when no school is involved (reset of the account itself). */
const PRODUCT = 'Schoolloket';

export interface AdminInvitationMailData {
  schoolName: string;
  name: string;
  email: string;
  role: 'admin' | 'helpdesk';
  link: string;
  validDays: number;
}

/** Another school asks someone who already has a Schoolloket user to join it: the same facts. */
export type AdminJoinMailData = AdminInvitationMailData;

export interface AdminResetMailData {
  name: string;
  email: string;
  link: string;
  validMinutes: number;
}

export interface AdminPasswordChangedMailData {
  name: string;
  email: string;
  loginUrl: string;
}

type Built = { subject: string; blocks: Block[] };

const ROLE: Record<Locale, Record<AdminInvitationMailData['role'], string>> = {
  nl: { admin: 'beheerder', helpdesk: 'helpdeskmedewerker' },
  fr: { admin: 'administrateur', helpdesk: 'membre du helpdesk' },
  en: { admin: 'administrator', helpdesk: 'helpdesk member' },
};

function invitationBlocks(locale: Locale, d: AdminInvitationMailData): Built {
  const role = ROLE[locale][d.role];
  if (locale === 'fr') {
    return {
      subject: `Invitation à Schoolloket – ${d.schoolName}`,
      blocks: [
        p(`Bonjour ${d.name},`),
        p(
          `${d.schoolName} vous invite comme ${role} dans Schoolloket, où l'école gère les comptes des élèves et des parents.`,
        ),
        p(
          `Cliquez sur le lien ci-dessous et choisissez votre mot de passe. Le lien est valable ${d.validDays} jours et ne fonctionne qu'une seule fois.`,
        ),
        { kind: 'button', label: 'Choisir mon mot de passe', href: d.link },
        p('Ensuite, vous vous connectez avec votre adresse e-mail :'),
        { kind: 'code', text: d.email },
        p(
          "Vous n'attendiez pas cette invitation ? Ignorez ce message : sans mot de passe, personne ne peut se connecter avec votre adresse.",
        ),
      ],
    };
  }
  if (locale === 'en') {
    return {
      subject: `Invitation to Schoolloket – ${d.schoolName}`,
      blocks: [
        p(`Hello ${d.name},`),
        p(
          `${d.schoolName} invites you as ${role} in Schoolloket, where the school manages the accounts of students and parents.`,
        ),
        p(
          `Click the link below and choose your password. The link is valid for ${d.validDays} days and works only once.`,
        ),
        { kind: 'button', label: 'Choose my password', href: d.link },
        p('From then on you log in with your e-mail address:'),
        { kind: 'code', text: d.email },
        p(
          'Did you not expect this invitation? Ignore this mail: without a password nobody can log in with your address.',
        ),
      ],
    };
  }
  return {
    subject: `Uitnodiging voor Schoolloket – ${d.schoolName}`,
    blocks: [
      p(`Dag ${d.name},`),
      p(
        `${d.schoolName} nodigt je uit als ${role} in Schoolloket, waar de school de accounts van leerlingen en ouders beheert.`,
      ),
      p(
        `Klik op de link hieronder en kies je wachtwoord. De link is ${d.validDays} dagen geldig en werkt maar één keer.`,
      ),
      { kind: 'button', label: 'Mijn wachtwoord instellen', href: d.link },
      p('Daarna meld je aan met je e-mailadres:'),
      { kind: 'code', text: d.email },
      p(
        'Verwachtte je deze uitnodiging niet? Negeer deze e-mail: zonder wachtwoord kan niemand met je adres aanmelden.',
      ),
    ],
  };
}

function joinBlocks(locale: Locale, d: AdminJoinMailData): Built {
  const role = ROLE[locale][d.role];
  if (locale === 'fr') {
    return {
      subject: `${d.schoolName} vous invite dans Schoolloket`,
      blocks: [
        p(`Bonjour ${d.name},`),
        p(
          `${d.schoolName} souhaite vous ajouter comme ${role} dans Schoolloket. Vous avez déjà un compte (${d.email}) ; l'école ne le voit pas et ne vous ajoute que si vous acceptez.`,
        ),
        p(
          `Le lien est valable ${d.validDays} jours et ne fonctionne qu'une seule fois. Votre mot de passe ne change pas.`,
        ),
        { kind: 'button', label: "Voir l'invitation", href: d.link },
        p(
          'Vous ne connaissez pas cette école ? Ignorez ce message : rien ne change pour votre compte.',
        ),
      ],
    };
  }
  if (locale === 'en') {
    return {
      subject: `${d.schoolName} invites you in Schoolloket`,
      blocks: [
        p(`Hello ${d.name},`),
        p(
          `${d.schoolName} would like to add you as ${role} in Schoolloket. You already have an account (${d.email}); the school cannot see it and only adds you if you accept.`,
        ),
        p(
          `The link is valid for ${d.validDays} days and works only once. Your password stays the same.`,
        ),
        { kind: 'button', label: 'View the invitation', href: d.link },
        p('Do you not know this school? Ignore this mail: nothing changes for your account.'),
      ],
    };
  }
  return {
    subject: `${d.schoolName} nodigt je uit in Schoolloket`,
    blocks: [
      p(`Dag ${d.name},`),
      p(
        `${d.schoolName} wil je toevoegen als ${role} in Schoolloket. Je hebt al een account (${d.email}); de school ziet dat niet en voegt je pas toe als je aanvaardt.`,
      ),
      p(
        `De link is ${d.validDays} dagen geldig en werkt maar één keer. Je wachtwoord blijft hetzelfde.`,
      ),
      { kind: 'button', label: 'Uitnodiging bekijken', href: d.link },
      p('Ken je deze school niet? Negeer deze e-mail: er verandert niets aan je account.'),
    ],
  };
}

export function adminJoinMail(locale: Locale, d: AdminJoinMailData): RenderedMail {
  return render(locale, d.schoolName, joinBlocks(locale, d));
}

function resetBlocks(locale: Locale, d: AdminResetMailData): Built {
  if (locale === 'fr') {
    return {
      subject: 'Nouveau mot de passe pour Schoolloket',
      blocks: [
        p(`Bonjour ${d.name},`),
        p(
          `Vous avez demandé un nouveau mot de passe pour votre compte d'administrateur Schoolloket (${d.email}).`,
        ),
        p(
          `Cliquez sur le lien ci-dessous et choisissez un nouveau mot de passe. Le lien est valable ${d.validMinutes} minutes et ne fonctionne qu'une seule fois.`,
        ),
        { kind: 'button', label: 'Choisir un nouveau mot de passe', href: d.link },
        p("Vous n'avez rien demandé ? Ignorez ce message : votre mot de passe ne change pas."),
      ],
    };
  }
  if (locale === 'en') {
    return {
      subject: 'New password for Schoolloket',
      blocks: [
        p(`Hello ${d.name},`),
        p(`You asked for a new password for your Schoolloket admin account (${d.email}).`),
        p(
          `Click the link below and choose a new password. The link is valid for ${d.validMinutes} minutes and works only once.`,
        ),
        { kind: 'button', label: 'Choose a new password', href: d.link },
        p('Did you not ask for this? Ignore this mail: your password stays the same.'),
      ],
    };
  }
  return {
    subject: 'Nieuw wachtwoord voor Schoolloket',
    blocks: [
      p(`Dag ${d.name},`),
      p(`Je vroeg een nieuw wachtwoord aan voor je beheerdersaccount in Schoolloket (${d.email}).`),
      p(
        `Klik op de link hieronder en kies een nieuw wachtwoord. De link is ${d.validMinutes} minuten geldig en werkt maar één keer.`,
      ),
      { kind: 'button', label: 'Nieuw wachtwoord instellen', href: d.link },
      p('Heb je niets aangevraagd? Negeer deze e-mail: je wachtwoord blijft hetzelfde.'),
    ],
  };
}

const CHANGED: NoticeTexts<AdminPasswordChangedMailData> = {
  nl: {
    subject: 'Je wachtwoord voor Schoolloket is gewijzigd',
    said: (d) => [
      `Het wachtwoord van je beheerdersaccount in Schoolloket (${d.email}) is zonet gewijzigd. Al je open sessies zijn afgemeld.`,
    ],
    warn: 'Was jij dit niet? Vraag meteen een nieuw wachtwoord aan via ‘Wachtwoord vergeten?’ op de aanmeldpagina en verwittig je school.',
  },
  fr: {
    subject: 'Votre mot de passe Schoolloket a été modifié',
    said: (d) => [
      `Le mot de passe de votre compte d'administrateur Schoolloket (${d.email}) vient d'être modifié. Toutes vos sessions ouvertes ont été fermées.`,
    ],
    warn: "Ce n'était pas vous ? Demandez tout de suite un nouveau mot de passe via « Mot de passe oublié ? » sur la page de connexion et prévenez votre école.",
  },
  en: {
    subject: 'Your Schoolloket password was changed',
    said: (d) => [
      `The password of your Schoolloket admin account (${d.email}) was just changed. All your open sessions were ended.`,
    ],
    warn: 'Was this not you? Ask for a new password right away through "Forgot password?" on the login page, and tell your school.',
  },
};

export function adminInvitationMail(locale: Locale, d: AdminInvitationMailData): RenderedMail {
  return render(locale, d.schoolName, invitationBlocks(locale, d));
}

export function adminResetMail(locale: Locale, d: AdminResetMailData): RenderedMail {
  return render(locale, PRODUCT, resetBlocks(locale, d));
}

export function adminPasswordChangedMail(
  locale: Locale,
  d: AdminPasswordChangedMailData,
): RenderedMail {
  return render(locale, PRODUCT, noticeOf(locale, CHANGED, d));
}
