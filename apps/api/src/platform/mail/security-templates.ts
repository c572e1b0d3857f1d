// Mails to an admin about their own second factor: a recovery code was used, or another admin
// reset their factors. Both go to the admin's own address, so a stranger who did it is noticed.
import type { Locale } from '@schoolloket/core';
import { noticeOf, type NoticeTexts } from './admin-notice.js';
import { render, type RenderedMail } from './templates.js';

const PRODUCT = 'Schoolloket';

export interface RecoveryCodeUsedMailData {
  name: string;
  email: string;
  remaining: number;
}

export interface FactorsResetMailData {
  name: string;
  email: string;
  /** Who reset them (name), shown so the admin knows whom to ask. */
  by: string;
  loginUrl: string;
}

const USED: NoticeTexts<RecoveryCodeUsedMailData> = {
  nl: {
    subject: 'Er is een herstelcode van Schoolloket gebruikt',
    said: (d) => [
      `Iemand meldde zich aan op je beheerdersaccount in Schoolloket (${d.email}) met een herstelcode. Je hebt nog ${d.remaining} codes over.`,
    ],
    warn: 'Was jij dit niet? Wijzig meteen je wachtwoord, maak nieuwe codes aan onder ‘Beveiliging’ en verwittig je school.',
  },
  fr: {
    subject: 'Un code de récupération Schoolloket a été utilisé',
    said: (d) => [
      `Quelqu'un s'est connecté à votre compte d'administrateur Schoolloket (${d.email}) avec un code de récupération. Il vous reste ${d.remaining} codes.`,
    ],
    warn: "Ce n'était pas vous ? Changez tout de suite votre mot de passe, créez de nouveaux codes sous « Sécurité » et prévenez votre école.",
  },
  en: {
    subject: 'A Schoolloket recovery code was used',
    said: (d) => [
      `Someone logged in to your Schoolloket admin account (${d.email}) with a recovery code. You have ${d.remaining} codes left.`,
    ],
    warn: 'Was this not you? Change your password right away, create new codes under "Security" and tell your school.',
  },
};

const RESET: NoticeTexts<FactorsResetMailData> = {
  nl: {
    subject: 'Je tweede factor voor Schoolloket is gereset',
    said: (d) => [
      `${d.by} heeft de passkeys, de authenticator-app en de herstelcodes van je account in Schoolloket (${d.email}) verwijderd. Al je sessies zijn afgemeld.`,
      'Stel bij je volgende aanmelding een nieuwe tweede factor in.',
    ],
    warn: 'Heb je hier niet om gevraagd? Verwittig meteen je school.',
  },
  fr: {
    subject: 'Votre deuxième facteur Schoolloket a été réinitialisé',
    said: (d) => [
      `${d.by} a supprimé les passkeys, l'application d'authentification et les codes de récupération de votre compte Schoolloket (${d.email}). Toutes vos sessions ont été fermées.`,
      'À votre prochaine connexion, configurez un nouveau deuxième facteur.',
    ],
    warn: "Vous n'avez rien demandé ? Prévenez tout de suite votre école.",
  },
  en: {
    subject: 'Your Schoolloket second factor was reset',
    said: (d) => [
      `${d.by} removed the passkeys, the authenticator app and the recovery codes of your Schoolloket account (${d.email}). All your sessions were ended.`,
      'Set up a new second factor at your next login.',
    ],
    warn: 'Did you not ask for this? Tell your school right away.',
  },
};

export function recoveryCodeUsedMail(locale: Locale, d: RecoveryCodeUsedMailData): RenderedMail {
  return render(locale, PRODUCT, noticeOf(locale, USED, d));
}

export function factorsResetMail(locale: Locale, d: FactorsResetMailData): RenderedMail {
  return render(locale, PRODUCT, noticeOf(locale, RESET, d));
}
