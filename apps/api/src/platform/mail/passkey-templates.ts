// Mails to an admin when a passkey or an authenticator app is added to or removed from their
// account: the admin hears of every change to their factors, so a stranger with their session is
// noticed.
import type { Locale } from '@schoolloket/core';
import { adminNotice } from './admin-notice.js';
import { render, type RenderedMail } from './templates.js';

export interface PasskeyChangedMailData {
  name: string;
  email: string;
  /** The passkey's name as the admin gave it. */
  passkey: string;
  change: 'added' | 'removed';
}

const TEXT = {
  nl: {
    added: ['Er is een passkey toegevoegd aan je Schoolloket-account', 'toegevoegd aan'],
    removed: ['Er is een passkey verwijderd van je Schoolloket-account', 'verwijderd van'],
    body: (k: string, verb: string, e: string) =>
      `De passkey ‘${k}’ is ${verb} je beheerdersaccount in Schoolloket (${e}).`,
    warn: 'Was jij dit niet? Wijzig meteen je wachtwoord, bekijk je passkeys en sessies onder ‘Beveiliging’ en verwittig je school.',
  },
  fr: {
    added: ['Une passkey a été ajoutée à votre compte Schoolloket', 'ajoutée à'],
    removed: ['Une passkey a été supprimée de votre compte Schoolloket', 'supprimée de'],
    body: (k: string, verb: string, e: string) =>
      `La passkey « ${k} » a été ${verb} votre compte d'administrateur Schoolloket (${e}).`,
    warn: "Ce n'était pas vous ? Changez tout de suite votre mot de passe, vérifiez vos passkeys et sessions sous « Sécurité » et prévenez votre école.",
  },
  en: {
    added: ['A passkey was added to your Schoolloket account', 'added to'],
    removed: ['A passkey was removed from your Schoolloket account', 'removed from'],
    body: (k: string, verb: string, e: string) =>
      `The passkey "${k}" was ${verb} your Schoolloket admin account (${e}).`,
    warn: 'Was this not you? Change your password right away, check your passkeys and sessions under "Security" and tell your school.',
  },
} as const;

export function passkeyChangedMail(locale: Locale, d: PasskeyChangedMailData): RenderedMail {
  const t = TEXT[locale];
  const [subject, verb] = t[d.change];
  return render(
    locale,
    'Schoolloket',
    adminNotice(locale, d.name, {
      subject,
      said: [t.body(d.passkey, verb, d.email)],
      warn: t.warn,
    }),
  );
}

const TOTP_TEXT = {
  nl: {
    added: 'Er is een authenticator-app gekoppeld aan je Schoolloket-account',
    removed: 'De authenticator-app is losgekoppeld van je Schoolloket-account',
    body: (e: string, added: boolean) =>
      `Er is een authenticator-app ${added ? 'gekoppeld aan' : 'losgekoppeld van'} je beheerdersaccount in Schoolloket (${e}).`,
  },
  fr: {
    added: 'Une application d’authentification a été liée à votre compte Schoolloket',
    removed: 'L’application d’authentification a été retirée de votre compte Schoolloket',
    body: (e: string, added: boolean) =>
      `Une application d’authentification a été ${added ? 'liée à' : 'retirée de'} votre compte d'administrateur Schoolloket (${e}).`,
  },
  en: {
    added: 'An authenticator app was linked to your Schoolloket account',
    removed: 'The authenticator app was removed from your Schoolloket account',
    body: (e: string, added: boolean) =>
      `An authenticator app was ${added ? 'linked to' : 'removed from'} your Schoolloket admin account (${e}).`,
  },
} as const;

/** The same warning when an authenticator app is linked or removed. */
export function totpChangedMail(
  locale: Locale,
  d: { name: string; email: string; change: 'added' | 'removed' },
): RenderedMail {
  const t = TOTP_TEXT[locale];
  return render(
    locale,
    'Schoolloket',
    adminNotice(locale, d.name, {
      subject: t[d.change],
      said: [t.body(d.email, d.change === 'added')],
      warn: TEXT[locale].warn,
    }),
  );
}
