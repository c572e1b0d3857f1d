// Mails to an admin about their own second factor: a recovery code was used, or another admin
// reset their factors. Both go to the admin's own address, so a stranger who did it is noticed.
import { p, render, type Block, type MailLocale, type RenderedMail } from './templates.js';

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

type Built = { subject: string; blocks: Block[] };

function usedBlocks(locale: MailLocale, d: RecoveryCodeUsedMailData): Built {
  if (locale === 'fr') {
    return {
      subject: 'Un code de récupération Schoolloket a été utilisé',
      blocks: [
        p(`Bonjour ${d.name},`),
        p(
          `Quelqu'un s'est connecté à votre compte d'administrateur Schoolloket (${d.email}) avec un code de récupération. Il vous reste ${d.remaining} codes.`,
        ),
        p(
          "Ce n'était pas vous ? Changez tout de suite votre mot de passe, créez de nouveaux codes sous « Sécurité » et prévenez votre école.",
        ),
      ],
    };
  }
  if (locale === 'en') {
    return {
      subject: 'A Schoolloket recovery code was used',
      blocks: [
        p(`Hello ${d.name},`),
        p(
          `Someone logged in to your Schoolloket admin account (${d.email}) with a recovery code. You have ${d.remaining} codes left.`,
        ),
        p(
          'Was this not you? Change your password right away, create new codes under "Security" and tell your school.',
        ),
      ],
    };
  }
  return {
    subject: 'Er is een herstelcode van Schoolloket gebruikt',
    blocks: [
      p(`Dag ${d.name},`),
      p(
        `Iemand meldde zich aan op je beheerdersaccount in Schoolloket (${d.email}) met een herstelcode. Je hebt nog ${d.remaining} codes over.`,
      ),
      p(
        'Was jij dit niet? Wijzig meteen je wachtwoord, maak nieuwe codes aan onder ‘Beveiliging’ en verwittig je school.',
      ),
    ],
  };
}

function resetBlocks(locale: MailLocale, d: FactorsResetMailData): Built {
  if (locale === 'fr') {
    return {
      subject: 'Votre deuxième facteur Schoolloket a été réinitialisé',
      blocks: [
        p(`Bonjour ${d.name},`),
        p(
          `${d.by} a supprimé les passkeys, l'application d'authentification et les codes de récupération de votre compte Schoolloket (${d.email}). Toutes vos sessions ont été fermées.`,
        ),
        p('À votre prochaine connexion, configurez un nouveau deuxième facteur.'),
        { kind: 'button', label: 'Se connecter', href: d.loginUrl },
        p("Vous n'avez rien demandé ? Prévenez tout de suite votre école."),
      ],
    };
  }
  if (locale === 'en') {
    return {
      subject: 'Your Schoolloket second factor was reset',
      blocks: [
        p(`Hello ${d.name},`),
        p(
          `${d.by} removed the passkeys, the authenticator app and the recovery codes of your Schoolloket account (${d.email}). All your sessions were ended.`,
        ),
        p('Set up a new second factor at your next login.'),
        { kind: 'button', label: 'Log in', href: d.loginUrl },
        p('Did you not ask for this? Tell your school right away.'),
      ],
    };
  }
  return {
    subject: 'Je tweede factor voor Schoolloket is gereset',
    blocks: [
      p(`Dag ${d.name},`),
      p(
        `${d.by} heeft de passkeys, de authenticator-app en de herstelcodes van je account in Schoolloket (${d.email}) verwijderd. Al je sessies zijn afgemeld.`,
      ),
      p('Stel bij je volgende aanmelding een nieuwe tweede factor in.'),
      { kind: 'button', label: 'Aanmelden', href: d.loginUrl },
      p('Heb je hier niet om gevraagd? Verwittig meteen je school.'),
    ],
  };
}

export function recoveryCodeUsedMail(
  locale: MailLocale,
  d: RecoveryCodeUsedMailData,
): RenderedMail {
  return render(locale, PRODUCT, usedBlocks(locale, d));
}

export function factorsResetMail(locale: MailLocale, d: FactorsResetMailData): RenderedMail {
  return render(locale, PRODUCT, resetBlocks(locale, d));
}
