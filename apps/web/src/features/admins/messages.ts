import { defineMessages } from '../../i18n/define';

export default defineMessages({
  nl: {
    admins: {
      nav: 'Beheerders',
      title: 'Beheerders',
      intro:
        'Wie het dashboard van {school} mag gebruiken. Een beheerder kan alles; de helpdesk kan leerlingen opzoeken en wachtwoorden herstellen, maar geen beheerders toevoegen of importeren.',
      name: 'Naam',
      email: 'E-mailadres',
      role: 'Rol',
      status: 'Status',
      lastLogin: 'Laatste aanmelding',
      actions: 'Acties',
      never: 'Nog nooit',
      active: 'Actief',
      pending: 'Uitnodiging verstuurd',
      empty: 'Nog geen beheerders.',
      roles: { admin: 'Beheerder', helpdesk: 'Helpdesk' },
      add: 'Beheerder toevoegen',
      addIntro:
        'We sturen een e-mail met een link, 7 dagen geldig. Wie nog geen account heeft, kiest daarmee een wachtwoord; wie al een account heeft bij een andere school, bevestigt daarmee dat hij of zij ook voor deze school wil werken.',
      addSubmit: 'Toevoegen en uitnodigen',
      added:
        'Er is een uitnodiging verstuurd naar {email}. {name} kan het dashboard gebruiken zodra de link in die e-mail gebruikt is.',
      addedExisting: '{name} is toegevoegd als {role}.',
      resend: 'Uitnodiging opnieuw versturen',
      resendFor: 'Uitnodiging opnieuw versturen naar {name}',
      resent:
        'Er is een nieuwe uitnodiging verstuurd naar {email}. Eerdere links werken niet meer.',
      nameRequired: 'Vul een naam in.',
      emailRequired: 'Vul een e-mailadres in.',
      invalidEmail: 'Vul een geldig e-mailadres in, bv. naam{at}school.be.',
      alreadySet:
        'Deze gebruiker heeft al een wachtwoord gekozen; opnieuw uitnodigen is niet nodig.',
      resetFactor: 'Tweede factor resetten',
      resetFactorFor: 'Tweede factor resetten van {name}',
      resetTitle: 'Tweede factor van {name} resetten?',
      resetText:
        'De passkeys, de authenticator-app en de herstelcodes van {name} worden verwijderd en alle sessies afgemeld. {name} krijgt een e-mail en stelt bij de volgende aanmelding een nieuwe tweede factor in. Doe dit alleen als je zeker weet dat de vraag van {name} zelf komt.',
      resetConfirm: 'Tweede factor resetten',
      resetDone: 'De tweede factor van {name} is gereset. {name} kreeg een e-mail.',
      forbidden:
        'Alleen beheerders van de school kunnen beheerders bekijken en toevoegen. Met een helpdeskaccount heb je hier geen toegang; vraag het aan een beheerder van je school.',
    },
  },
  fr: {
    admins: {
      nav: 'Administrateurs',
      title: 'Administrateurs',
      intro:
        "Qui peut utiliser le tableau de bord de {school}. Un administrateur peut tout faire ; le helpdesk peut rechercher des élèves et réinitialiser des mots de passe, mais pas ajouter d'administrateurs ni importer.",
      name: 'Nom',
      email: 'Adresse e-mail',
      role: 'Rôle',
      status: 'Statut',
      lastLogin: 'Dernière connexion',
      actions: 'Actions',
      never: 'Jamais',
      active: 'Actif',
      pending: 'Invitation envoyée',
      empty: "Pas encore d'administrateurs.",
      roles: { admin: 'Administrateur', helpdesk: 'Helpdesk' },
      add: 'Ajouter un administrateur',
      addIntro:
        "Nous envoyons un e-mail avec un lien, valable 7 jours. Une personne sans compte y choisit un mot de passe ; une personne qui a déjà un compte dans une autre école y confirme qu'elle travaille aussi pour cette école.",
      addSubmit: 'Ajouter et inviter',
      added:
        'Une invitation a été envoyée à {email}. {name} pourra utiliser le tableau de bord dès que le lien de cet e-mail aura été utilisé.',
      addedExisting: '{name} a été ajouté(e) comme {role}.',
      resend: "Renvoyer l'invitation",
      resendFor: "Renvoyer l'invitation à {name}",
      resent:
        'Une nouvelle invitation a été envoyée à {email}. Les liens précédents ne fonctionnent plus.',
      nameRequired: 'Saisissez un nom.',
      emailRequired: 'Saisissez une adresse e-mail.',
      invalidEmail: 'Saisissez une adresse e-mail valide, p. ex. nom{at}ecole.be.',
      alreadySet:
        "Cet utilisateur a déjà choisi un mot de passe ; il n'est pas nécessaire de l'inviter à nouveau.",
      resetFactor: 'Réinitialiser le deuxième facteur',
      resetFactorFor: 'Réinitialiser le deuxième facteur de {name}',
      resetTitle: 'Réinitialiser le deuxième facteur de {name} ?',
      resetText:
        "Les passkeys, l'application d'authentification et les codes de récupération de {name} seront supprimés et toutes ses sessions fermées. {name} reçoit un e-mail et configure un nouveau deuxième facteur à la prochaine connexion. Ne le faites que si vous êtes sûr que la demande vient de {name}.",
      resetConfirm: 'Réinitialiser le deuxième facteur',
      resetDone: 'Le deuxième facteur de {name} a été réinitialisé. {name} a reçu un e-mail.',
      forbidden:
        "Seuls les administrateurs de l'école peuvent voir et ajouter des administrateurs. Avec un compte helpdesk, vous n'y avez pas accès ; demandez-le à un administrateur de votre école.",
    },
  },
  en: {
    admins: {
      nav: 'Admins',
      title: 'Admins',
      intro:
        'Who may use the dashboard of {school}. An admin can do everything; the helpdesk can look up students and reset passwords, but cannot add admins or import.',
      name: 'Name',
      email: 'E-mail address',
      role: 'Role',
      status: 'Status',
      lastLogin: 'Last login',
      actions: 'Actions',
      never: 'Never',
      active: 'Active',
      pending: 'Invitation sent',
      empty: 'No admins yet.',
      roles: { admin: 'Admin', helpdesk: 'Helpdesk' },
      add: 'Add admin',
      addIntro:
        'We send an e-mail with a link, valid for 7 days. Someone without an account chooses a password with it; someone who already has an account at another school confirms with it that they also work for this school.',
      addSubmit: 'Add and invite',
      added:
        'An invitation was sent to {email}. {name} can use the dashboard once the link in that e-mail has been used.',
      addedExisting: '{name} has been added as {role}.',
      resend: 'Resend invitation',
      resendFor: 'Resend invitation to {name}',
      resent: 'A new invitation was sent to {email}. Earlier links no longer work.',
      nameRequired: 'Enter a name.',
      emailRequired: 'Enter an e-mail address.',
      invalidEmail: 'Enter a valid e-mail address, e.g. name{at}school.be.',
      alreadySet: 'This user has chosen a password already; there is no need to invite again.',
      resetFactor: 'Reset second factor',
      resetFactorFor: 'Reset the second factor of {name}',
      resetTitle: 'Reset the second factor of {name}?',
      resetText:
        "{name}'s passkeys, authenticator app and recovery codes are removed and all sessions ended. {name} gets an e-mail and sets up a new second factor at the next login. Only do this when you are sure the request comes from {name}.",
      resetConfirm: 'Reset second factor',
      resetDone: 'The second factor of {name} was reset. {name} got an e-mail.',
      forbidden:
        'Only admins of the school can see and add admins. A helpdesk account has no access here; ask an admin of your school.',
    },
  },
});
