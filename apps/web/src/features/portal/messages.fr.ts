import type { SameKeys } from '../../i18n/define';
import type nl from './messages.nl';

// French texts of the portal feature (messages.ts gathers the three).
export default {
  portal: {
    title: 'Schoolloket',
    login: {
      title: 'Connexion',
      forApp: 'Se connecter à {app}',
      intro:
        "Pour les élèves et les parents. Les parents se connectent avec le nom d'utilisateur de leur enfant et leur propre mot de passe.",
      username: "Nom d'utilisateur",
      usernameHelp: 'Le plus souvent prénom.nom, sans espaces.',
      password: 'Mot de passe',
      submit: 'Se connecter',
      modePassword: 'Avec un mot de passe',
      modePictures: 'Avec des images',
      notYou: 'Pas toi\u00a0?',
      failed: "Le nom d'utilisateur ou le mot de passe est incorrect.",
      temporaryExpired:
        "Ton mot de passe temporaire a expiré. Demande un nouveau mot de passe à ton enseignant ou à l'école.",
      failedPictures: 'Ces images ne sont pas les bonnes. Essaie encore.',
      locked: 'Trop de tentatives échouées. Réessayez dans {minutes} minutes.',
      lockedSoon: 'Trop de tentatives échouées. Réessayez dans une minute.',
      forgot: 'Mot de passe oublié\u00a0?',
      forgotHelp: 'Pour les parents\u00a0: aussi pour activer votre co-compte la première fois.',
    },
    pictures: {
      title: 'Clique sur tes images, dans le bon ordre',
      chosen: 'Images choisies',
      none: 'Aucune image choisie',
      undo: 'Annuler la dernière',
      remove: 'Tout effacer',
      pick: 'Choisir {name}',
      added: 'Image choisie : {name}, {n} image | Image choisie : {name}, {n} images',
      removed:
        'Image retirée : {name}, encore {n} image | Image retirée : {name}, encore {n} images',
      loading: 'Chargement des images…',
    },
    home: {
      hello: 'Bonjour {name}\u00a0!',
      parentTitle: 'Votre co-compte',
      asStudent: 'Tu es connecté(e) en tant que {name} ({username}).',
      asParent: 'Vous êtes connecté(e) en tant que parent de {name}.',
      parentNote:
        "Vous vous connectez avec le nom d'utilisateur {username} et votre propre mot de passe.",
      changePassword: 'Changer le mot de passe',
      logout: 'Se déconnecter',
      basicNote: 'Ton mot de passe vient de ton enseignant(e). Tu ne peux pas le changer ici.',
      email: 'Ton adresse e-mail',
      emailNone: "Pas encore d'adresse e-mail",
      emailAdd: 'Ajouter une adresse e-mail',
      emailChange: "Changer l'adresse e-mail",
      emailSave: 'Enregistrer',
      emailSaved: 'Ton adresse e-mail est enregistrée.',
      school: 'École',
      loggedOut: 'Vous êtes déconnecté(e).',
      appsTitle: 'Tes applications',
      appsParentTitle: 'Applications pour les parents',
      appsNone: "L'école n'a pas encore d'applications ici.",
      childStatus: 'Statut',
      childStatuses: {
        active: 'Actif',
        inactive: 'Inactif',
        blocked: 'Bloqué',
        none: 'Pas de compte',
      },
      childSince: 'Actif depuis',
      childLastLogin: 'Dernière connexion',
      childNever: 'Jamais',
    },
    password: {
      title: 'Changer le mot de passe',
      forcedTitle: 'Choisis ton propre mot de passe',
      forcedIntro:
        'Tu t’es connecté(e) avec un mot de passe temporaire. Choisis maintenant un mot de passe que toi seul(e) connais.',
      current: 'Mot de passe actuel',
      currentForced: 'Mot de passe temporaire (sur ta carte)',
      new: 'Nouveau mot de passe',
      repeat: 'Nouveau mot de passe, encore une fois',
      rules:
        "Au moins 8 caractères. Pas ton nom d'utilisateur ni un mot de passe courant. Une phrase de quelques mots est solide et facile à retenir.",
      parentRules:
        "Au moins 8 caractères. Ni le nom ni le nom d'utilisateur de votre enfant, et pas le même mot de passe que votre enfant.",
      mismatch: 'Les deux nouveaux mots de passe ne sont pas identiques.',
      submit: 'Enregistrer le mot de passe',
      done: 'Le nouveau mot de passe est enregistré.',
      cancel: 'Retour',
      show: 'Afficher le mot de passe',
    },
    activate: {
      studentNote:
        "Élève\u00a0? Ton enseignant ou le secrétariat de l'école te donne un nouveau mot de passe.",
      requestTitle: 'Activer votre co-compte',
      requestIntro:
        "Avec un co-compte, vous vous connectez en tant que parent avec le nom d'utilisateur de votre enfant et un mot de passe de votre choix. Mot de passe oublié ? Suivez les mêmes étapes.",
      step1: `Saisissez le nom d'utilisateur de votre fils ou de votre fille (le plus souvent prénom.nom, sans espaces ni caractères spéciaux), sans {'@'} ni domaine à la fin. Vous le trouverez sur la lettre de démarrage, ou demandez-le à votre enfant.`,
      step2:
        "Saisissez l'adresse e-mail personnelle que vous avez donnée à l'école lors de l'inscription.",
      step3:
        "Vous recevrez un e-mail avec un lien pour choisir vous-même un mot de passe. Cet e-mail n'est envoyé que si l'adresse correspond à celle que l'école a reçue de vous. Rien reçu ? Vérifiez le dossier des courriers indésirables.",
      childUsername: "Nom d'utilisateur de votre enfant",
      usernamePlaceholder: 'prénom.nom',
      email: 'Votre adresse e-mail',
      send: "M'envoyer le lien",
      sent: "Merci. Si les données correspondent à celles enregistrées par l'école, vous recevrez dans quelques minutes un e-mail avec un lien. Le lien est valable 24 heures. Rien reçu ? Vérifiez aussi vos courriers indésirables.",
      again: 'Faire une nouvelle demande',
      help: 'Ça ne marche pas ?',
      helpText:
        "Contactez le helpdesk de l'école. Indiquez vos coordonnées et le nom de votre fils ou de votre fille.",
      helpGeneric:
        "Contactez le secrétariat ou le helpdesk de l'école de votre enfant. Indiquez vos coordonnées et le nom de votre fils ou de votre fille.",
      helpEmail: 'E-mail : {email}',
      helpPhone: 'Téléphone (pendant les heures de cours) : {phone}',
      title: 'Activer le co-compte',
      resetTitle: 'Choisir un nouveau mot de passe',
      forChild: "Co-compte d'un parent de {name} – {school}",
      agreement: "Convention d'utilisation",
      agreementVersion: 'Version {version}',
      accept: "J'ai lu la convention d'utilisation et je l'accepte.",
      mustAccept: "Acceptez la convention d'utilisation pour continuer.",
      choosePassword: 'Choisissez votre mot de passe',
      submit: 'Activer le co-compte',
      resetSubmit: 'Enregistrer le mot de passe',
      done: 'Votre co-compte est prêt.',
      doneText:
        "Connectez-vous désormais avec le nom d'utilisateur de votre enfant, {username}, et votre propre mot de passe. Vous recevez aussi une confirmation par e-mail.",
      toLogin: 'Aller à la connexion',
      invalid:
        'Ce lien ne fonctionne plus : il a expiré, a déjà été utilisé ou un lien plus récent a été envoyé.',
      requestNew: 'Demander un nouveau lien',
      expires: "Ce lien est valable jusqu'au {time}.",
    },
    problems: {
      network: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
      generic: "Une erreur s'est produite. Réessayez.",
      session: 'Votre session a expiré. Reconnectez-vous.',
      field: '{field} : {message}.',
    },
    fields: {
      username: "Nom d'utilisateur",
      email: 'Adresse e-mail',
      password: 'Mot de passe',
      newPassword: 'Nouveau mot de passe',
      currentPassword: 'Mot de passe actuel',
      pictures: 'Images',
    },
  },
} satisfies SameKeys<typeof nl>;
