import type { Locale } from '@schoolloket/core';

// The default user agreement a parent accepts when activating a co-account. Versioned: the
// accepted version is stored with the co-account, so a new text gets a new version. A school
// that needs its own text gets it through this function (one place to add an override).

export const DEFAULT_AGREEMENT_VERSION = 'default-2026-11';

const TITLES: Record<Locale, string> = {
  nl: 'Gebruikersovereenkomst co-account',
  fr: "Convention d'utilisation du co-compte",
  en: 'Co-account user agreement',
};

const TEXTS: Record<Locale, string[]> = {
  nl: [
    'Met een co-account krijg je als ouder toegang tot de leeromgeving van {school} voor je kind {child}. Je meldt aan met de gebruikersnaam van je kind en je eigen wachtwoord.',
    'Je wachtwoord is persoonlijk. Deel het niet, ook niet met je kind, en gebruik het niet voor andere diensten. Meld als ouder altijd aan met je eigen co-account, niet met het account van je kind.',
    'Wat je via je co-account doet, gebeurt in jouw naam. De school registreert aanmeldingen en wijzigingen om misbruik te kunnen opsporen.',
    'De school verwerkt je e-mailadres en de gegevens van je co-account alleen om je toegang te geven en je te informeren, volgens de privacyverklaring van de school. Je kan je gegevens laten inkijken of verbeteren via de school.',
    'De school kan je co-account afsluiten, bijvoorbeeld wanneer je kind de school verlaat of bij misbruik. Vermoed je dat iemand anders je wachtwoord kent? Stel meteen een nieuw wachtwoord in en verwittig de school.',
  ],
  fr: [
    "Le co-compte vous donne, en tant que parent, accès à l'environnement d'apprentissage de {school} pour votre enfant {child}. Vous vous connectez avec le nom d'utilisateur de votre enfant et votre propre mot de passe.",
    "Votre mot de passe est personnel. Ne le partagez pas, pas même avec votre enfant, et ne l'utilisez pas pour d'autres services. Connectez-vous toujours avec votre propre co-compte, jamais avec le compte de votre enfant.",
    "Ce que vous faites avec votre co-compte se fait en votre nom. L'école enregistre les connexions et les modifications afin de détecter les abus.",
    "L'école traite votre adresse e-mail et les données de votre co-compte uniquement pour vous donner accès et vous informer, conformément à sa déclaration de confidentialité. Vous pouvez consulter ou faire corriger vos données auprès de l'école.",
    "L'école peut fermer votre co-compte, par exemple quand votre enfant quitte l'école ou en cas d'abus. Vous pensez que quelqu'un connaît votre mot de passe ? Choisissez-en immédiatement un nouveau et prévenez l'école.",
  ],
  en: [
    "A co-account gives you, as a parent, access to the learning environment of {school} for your child {child}. You log in with your child's username and your own password.",
    "Your password is personal. Do not share it, not even with your child, and do not use it for other services. As a parent, always log in with your own co-account, never with your child's account.",
    'What you do with your co-account is done in your name. The school records logins and changes to detect misuse.',
    "The school processes your e-mail address and co-account data only to give you access and to inform you, under the school's privacy statement. You can see or correct your data through the school.",
    'The school can close your co-account, for example when your child leaves the school or in case of misuse. Do you think someone else knows your password? Set a new one right away and tell the school.',
  ],
};

export interface Agreement {
  version: string;
  locale: Locale;
  title: string;
  text: string;
}

export function agreementFor(locale: Locale, values: { school: string; child: string }): Agreement {
  const text = TEXTS[locale]
    .map((p) => p.replaceAll('{school}', values.school).replaceAll('{child}', values.child))
    .join('\n\n');
  return { version: DEFAULT_AGREEMENT_VERSION, locale, title: TITLES[locale], text };
}
