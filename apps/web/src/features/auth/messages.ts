import { defineMessages } from '../../i18n/define';

// Admin passwords outside the dashboard: "forgot password" and the page behind an invitation or
// reset link. Wording follows the parents' activation pages (features/portal).
export default defineMessages({
  nl: {
    auth: {
      forgot: {
        title: 'Wachtwoord vergeten',
        intro:
          'Vul het e-mailadres in waarmee je als schoolbeheerder aanmeldt. Je ontvangt een e-mail met een link waarmee je zelf een nieuw wachtwoord instelt.',
        email: 'E-mailadres',
        send: 'Stuur mij de link',
        sent: 'Bedankt. Als er een beheerdersaccount met dit e-mailadres bestaat, ontvang je binnen enkele minuten een e-mail met een link. De link is 1 uur geldig. Niets ontvangen? Kijk ook in je map met ongewenste mail.',
        again: 'Opnieuw aanvragen',
        toLogin: 'Terug naar aanmelden',
        noAccount:
          'Nog geen account? Vraag de beheerder van je school om je uit te nodigen. Je krijgt dan een e-mail met een link.',
      },
      join: {
        title: 'Uitnodiging van een school',
        intro: '{school} wil je toevoegen als {role}.',
        role: { admin: 'beheerder', helpdesk: 'helpdeskmedewerker' },
        account: 'Met je bestaande account: {email}. Je wachtwoord blijft hetzelfde.',
        accept: 'Uitnodiging aanvaarden',
        ignore: 'Wil je dit niet? Sluit deze pagina: zonder jouw akkoord word je niet toegevoegd.',
        doneTitle: 'Je hoort nu bij {school}',
        doneText: 'Meld je aan met {email} en je gewone wachtwoord; kies de school bovenaan.',
        invalidHelp: 'Vraag de beheerder van de school om je opnieuw uit te nodigen.',
      },
      link: {
        inviteTitle: 'Welkom bij Schoolloket',
        resetTitle: 'Nieuw wachtwoord instellen',
        inviteIntro:
          '{school} nodigt je uit. Kies een wachtwoord; daarna meld je aan met je e-mailadres en dit wachtwoord.',
        resetIntro: 'Kies een nieuw wachtwoord voor je beheerdersaccount.',
        for: 'Voor {name} ({email})',
        expires: 'Deze link is geldig tot {time}.',
        password: 'Nieuw wachtwoord',
        repeat: 'Herhaal het nieuwe wachtwoord',
        rules:
          'Minstens 10 tekens. Niet je naam of je e-mailadres, en geen wachtwoord dat iedereen gebruikt. Een zin van een paar woorden is sterk en makkelijk te onthouden.',
        show: 'Toon wachtwoord',
        mismatch: 'De twee nieuwe wachtwoorden zijn niet gelijk.',
        inviteSubmit: 'Wachtwoord instellen',
        resetSubmit: 'Nieuw wachtwoord bewaren',
        done: 'Je wachtwoord is ingesteld',
        doneText: 'Meld je voortaan aan met {email} en je nieuwe wachtwoord.',
        doneReset:
          'Waar je nog aangemeld was, ben je afgemeld. Je ontvangt ook een bevestiging per e-mail.',
        toLogin: 'Naar aanmelden',
        invalidTitle: 'Deze link werkt niet meer',
        invalid:
          'De link is verlopen, al gebruikt of er werd intussen een nieuwere link verstuurd.',
        invalidInvite: 'Vraag de beheerder van je school om je opnieuw uit te nodigen.',
        requestNew: 'Vraag een nieuwe link aan',
      },
    },
  },
  fr: {
    auth: {
      forgot: {
        title: 'Mot de passe oublié',
        intro:
          "Saisissez l'adresse e-mail avec laquelle vous vous connectez comme administrateur scolaire. Vous recevrez un e-mail avec un lien pour choisir vous-même un nouveau mot de passe.",
        email: 'Adresse e-mail',
        send: "M'envoyer le lien",
        sent: "Merci. Si un compte d'administrateur existe pour cette adresse e-mail, vous recevrez dans quelques minutes un e-mail avec un lien. Le lien est valable 1 heure. Rien reçu ? Vérifiez aussi vos courriers indésirables.",
        again: 'Demander à nouveau',
        toLogin: 'Retour à la connexion',
        noAccount:
          "Pas encore de compte ? Demandez à l'administrateur de votre école de vous inviter. Vous recevrez alors un e-mail avec un lien.",
      },
      join: {
        title: "Invitation d'une école",
        intro: '{school} souhaite vous ajouter comme {role}.',
        role: { admin: 'administrateur', helpdesk: 'membre du helpdesk' },
        account: 'Avec votre compte existant : {email}. Votre mot de passe ne change pas.',
        accept: "Accepter l'invitation",
        ignore:
          "Vous ne le souhaitez pas ? Fermez cette page : sans votre accord, vous n'êtes pas ajouté.",
        doneTitle: 'Vous faites maintenant partie de {school}',
        doneText:
          "Connectez-vous avec {email} et votre mot de passe habituel ; choisissez l'école en haut.",
        invalidHelp: "Demandez à l'administrateur de l'école de vous inviter à nouveau.",
      },
      link: {
        inviteTitle: 'Bienvenue dans Schoolloket',
        resetTitle: 'Choisir un nouveau mot de passe',
        inviteIntro:
          '{school} vous invite. Choisissez un mot de passe ; ensuite, vous vous connectez avec votre adresse e-mail et ce mot de passe.',
        resetIntro: "Choisissez un nouveau mot de passe pour votre compte d'administrateur.",
        for: 'Pour {name} ({email})',
        expires: "Ce lien est valable jusqu'au {time}.",
        password: 'Nouveau mot de passe',
        repeat: 'Répétez le nouveau mot de passe',
        rules:
          'Au moins 10 caractères. Ni votre nom ni votre adresse e-mail, et pas un mot de passe courant. Une phrase de quelques mots est solide et facile à retenir.',
        show: 'Afficher le mot de passe',
        mismatch: 'Les deux nouveaux mots de passe ne sont pas identiques.',
        inviteSubmit: 'Enregistrer le mot de passe',
        resetSubmit: 'Enregistrer le nouveau mot de passe',
        done: 'Votre mot de passe est enregistré',
        doneText: 'Connectez-vous désormais avec {email} et votre nouveau mot de passe.',
        doneReset:
          'Vous avez été déconnecté(e) partout où vous étiez encore connecté(e). Vous recevrez aussi une confirmation par e-mail.',
        toLogin: 'Vers la connexion',
        invalidTitle: 'Ce lien ne fonctionne plus',
        invalid:
          'Le lien a expiré, a déjà été utilisé ou un lien plus récent a été envoyé entre-temps.',
        invalidInvite: "Demandez à l'administrateur de votre école de vous inviter à nouveau.",
        requestNew: 'Demander un nouveau lien',
      },
    },
  },
  en: {
    auth: {
      forgot: {
        title: 'Forgot password',
        intro:
          'Enter the e-mail address you log in with as a school admin. You will receive an e-mail with a link to set a new password yourself.',
        email: 'E-mail address',
        send: 'Send me the link',
        sent: 'Thank you. If an admin account exists for this e-mail address, you will receive an e-mail with a link within a few minutes. The link is valid for 1 hour. Nothing arrived? Check your spam folder too.',
        again: 'Ask again',
        toLogin: 'Back to login',
        noAccount:
          'No account yet? Ask the administrator of your school to invite you. You will then receive an e-mail with a link.',
      },
      join: {
        title: 'Invitation from a school',
        intro: '{school} would like to add you as {role}.',
        role: { admin: 'administrator', helpdesk: 'helpdesk member' },
        account: 'With your existing account: {email}. Your password stays the same.',
        accept: 'Accept the invitation',
        ignore: 'Not for you? Close this page: without your consent you are not added.',
        doneTitle: 'You now belong to {school}',
        doneText: 'Log in with {email} and your usual password; choose the school at the top.',
        invalidHelp: "Ask the school's admin to invite you again.",
      },
      link: {
        inviteTitle: 'Welcome to Schoolloket',
        resetTitle: 'Set a new password',
        inviteIntro:
          '{school} invites you. Choose a password; from then on you log in with your e-mail address and this password.',
        resetIntro: 'Choose a new password for your admin account.',
        for: 'For {name} ({email})',
        expires: 'This link is valid until {time}.',
        password: 'New password',
        repeat: 'Repeat the new password',
        rules:
          'At least 10 characters. Not your name or your e-mail address, and not a password everyone uses. A sentence of a few words is strong and easy to remember.',
        show: 'Show password',
        mismatch: 'The two new passwords are not the same.',
        inviteSubmit: 'Set password',
        resetSubmit: 'Save new password',
        done: 'Your password is set',
        doneText: 'From now on, log in with {email} and your new password.',
        doneReset:
          'Wherever you were still logged in, you have been logged out. You will also receive a confirmation by e-mail.',
        toLogin: 'Go to login',
        invalidTitle: 'This link no longer works',
        invalid:
          'The link has expired, was already used, or a newer link was sent in the meantime.',
        invalidInvite: 'Ask the administrator of your school to invite you again.',
        requestNew: 'Ask for a new link',
      },
    },
  },
});
