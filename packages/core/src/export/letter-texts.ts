import type { Locale } from '../usernames/locale.js';

/**
 * The parent letter, after the co-account activation steps schools already hand out: go to the
 * portal, enter the child's username and the e-mail address given at enrolment, follow the link
 * in the mail, accept the user agreement, choose a password; same steps for a forgotten one.
 * `**…**` is bold; `{…}` are filled in per student.
 */
export interface LetterTexts {
  title: string;
  to: string;
  intro: string;
  tip: string;
  usernameLabel: string;
  urlLabel: string;
  stepsTitle: string;
  step: string;
  steps: [string, string, string, string];
  forgot: string;
  help: string;
  helpNoDesk: string;
  footer: string;
}

export const LETTER_TEXTS: Record<Locale, LetterTexts> = {
  nl: {
    title: 'Je co-account voor {product} activeren',
    to: 'Voor de ouders van {fullName} ({group})',
    intro:
      'Voor alle ouders voorziet {school} een co-account. Daarmee meld je je als ouder zelf aan bij {product}, met de gebruikersnaam van je kind en een wachtwoord dat je zelf kiest.',
    tip: 'Meld je als ouder altijd aan met je co-account, niet met het account van je kind.',
    usernameLabel: 'Gebruikersnaam van {child}',
    urlLabel: 'Website',
    stepsTitle: 'Zo activeer je je co-account',
    step: 'Stap',
    steps: [
      'Surf in een webbrowser naar **{url}**. Je kan ook op het aanmeldscherm van {product} op **Wachtwoord vergeten?** klikken.',
      'Vul de gebruikersnaam van je kind in: **{username}**. Vul dan je persoonlijke e-mailadres in: het adres dat je bij de inschrijving aan de school hebt gegeven.',
      'Je ontvangt een e-mail met een link. Die e-mail wordt alleen verstuurd als het e-mailadres overeenkomt met het adres dat de school van je kent. Niets ontvangen? Kijk ook in de map met ongewenste e-mail (spam). Klik op de link in de e-mail (hij is 24 uur geldig), aanvaard de gebruikersovereenkomst en kies je eigen wachtwoord.',
      'Vanaf nu meld je je als ouder altijd aan met de gebruikersnaam van je kind (**{username}**) en je eigen wachtwoord.',
    ],
    forgot:
      '**Wachtwoord vergeten?** Volg dezelfde stappen opnieuw: je krijgt een nieuwe link om een nieuw wachtwoord in te stellen.',
    help: '**Lukt het niet?** Neem contact op met {helpdesk}.',
    helpNoDesk: '**Lukt het niet?** Neem contact op met het secretariaat van de school.',
    footer: 'Deze brief bevat geen wachtwoord. De school vraagt je nooit om je wachtwoord.',
  },
  fr: {
    title: 'Activer votre co-compte {product}',
    to: 'Aux parents de {fullName} ({group})',
    intro:
      "{school} met un co-compte à la disposition de chaque parent. Il vous permet de vous connecter vous-même à {product}, avec le nom d'utilisateur de votre enfant et un mot de passe que vous choisissez.",
    tip: 'Connectez-vous toujours avec votre co-compte, jamais avec le compte de votre enfant.',
    usernameLabel: "Nom d'utilisateur de {child}",
    urlLabel: 'Site web',
    stepsTitle: 'Comment activer votre co-compte',
    step: 'Étape',
    steps: [
      'Ouvrez **{url}** dans un navigateur web. Vous pouvez aussi cliquer sur **Mot de passe oublié\u00a0?** sur la page de connexion de {product}.',
      "Saisissez le nom d'utilisateur de votre enfant\u00a0: **{username}**. Saisissez ensuite votre adresse e-mail personnelle\u00a0: celle que vous avez donnée à l'école lors de l'inscription.",
      "Vous recevez un e-mail avec un lien. Cet e-mail n'est envoyé que si l'adresse saisie correspond à celle que l'école connaît. Rien reçu\u00a0? Vérifiez aussi le dossier des courriers indésirables (spam). Cliquez sur le lien dans l'e-mail (il est valable 24\u00a0heures), acceptez les conditions d'utilisation et choisissez votre propre mot de passe.",
      "Désormais, connectez-vous toujours avec le nom d'utilisateur de votre enfant (**{username}**) et votre propre mot de passe.",
    ],
    forgot:
      '**Mot de passe oublié\u00a0?** Suivez à nouveau les mêmes étapes\u00a0: vous recevrez un nouveau lien pour choisir un nouveau mot de passe.',
    help: '**Un problème\u00a0?** Contactez {helpdesk}.',
    helpNoDesk: "**Un problème\u00a0?** Contactez le secrétariat de l'école.",
    footer:
      "Cette lettre ne contient aucun mot de passe. L'école ne vous demandera jamais votre mot de passe.",
  },
  en: {
    title: 'Activate your {product} co-account',
    to: 'For the parents of {fullName} ({group})',
    intro:
      "{school} provides a co-account for every parent. With it you log in to {product} yourself, with your child's username and a password you choose.",
    tip: "Always log in with your co-account, never with your child's account.",
    usernameLabel: "{child}'s username",
    urlLabel: 'Website',
    stepsTitle: 'How to activate your co-account',
    step: 'Step',
    steps: [
      'Open **{url}** in a web browser. You can also click **Forgot your password?** on the {product} login page.',
      "Enter your child's username: **{username}**. Then enter your personal e-mail address: the one you gave the school at enrolment.",
      'You will receive an e-mail with a link. It is only sent when the address matches the one the school has on file. Nothing received? Check your spam or junk folder too. Click the link in the e-mail (it is valid for 24 hours), accept the user agreement and choose your own password.',
      "From now on, log in with your child's username (**{username}**) and your own password.",
    ],
    forgot:
      '**Forgot your password?** Follow the same steps again: you will get a new link to set a new password.',
    help: '**Need help?** Contact {helpdesk}.',
    helpNoDesk: '**Need help?** Contact the school office.',
    footer:
      'This letter never contains a password. The school will never ask you for your password.',
  },
};
