import type { SameKeys } from '../../i18n/define';
import type nl from './messages.nl';

// French texts of the settings feature (messages.ts gathers the three).
export default {
  settings: {
    policy: {
      title: 'Deuxième facteur',
      school:
        'Deuxième facteur obligatoire pour tous les administrateurs et le helpdesk de cette école',
      platform:
        'Deuxième facteur obligatoire pour tous les administrateurs et le helpdesk de la plateforme',
      hint: "Qui n'en a pas encore en configure un à la prochaine connexion, avant toute autre chose.",
      byPlatform: 'La plateforme exige déjà un deuxième facteur de tout le monde.',
      on: 'Un deuxième facteur est désormais obligatoire.',
      off: "Un deuxième facteur n'est plus obligatoire.",
    },
    nav: 'Paramètres',
    title: "Paramètres de l'école",
    intro:
      "Ce qui figure sur les lettres, les cartes et la page d'activation des parents, et l'aspect des nouveaux comptes.",
    forbidden:
      "Seuls les administrateurs de l'école peuvent gérer les paramètres, les clés API et les écoles. Demandez-le à un administrateur de votre école.",
    school: 'École',
    name: "Nom de l'école",
    locale: 'Langue des lettres et des e-mails',
    locales: { nl: 'Néerlandais', fr: 'Français', en: 'Anglais' },
    contact: 'Contact pour les parents (helpdesk)',
    contactHint: "Figure sur les lettres aux parents et sur la page d'activation.",
    helpdeskEmail: 'Adresse e-mail du helpdesk',
    helpdeskPhone: 'Téléphone du helpdesk',
    passwords: 'Mots de passe',
    newAccounts: 'Nouveaux comptes',
    advancedFromAge: "Compte avancé à partir de l'âge de",
    advancedFromAgeHint:
      'À la création, un compte avancé est proposé aux élèves qui atteignent cet âge cette année ou sont plus âgés, sinon un compte de base (aussi sans date de naissance). Entre 6 et 18 ; modifiable par élève.',
    basicPasswordKind: 'Type de mot de passe des comptes de base',
    kinds: { picture: 'Mot de passe en images', word: 'Mot avec des chiffres (p. ex. zal659)' },
    portal: 'URL personnelle',
    personalUrlBase: "Début de l'URL personnelle sur les cartes",
    personalUrlBaseHint:
      "Laisser vide pour l'adresse par défaut. Une adresse propre doit mener à cette page de schoolloket. Voici l'URL : {example}",
    invalidUrl:
      'Saisissez une adresse qui commence par https:// (sans ? ni #), p. ex. https://mon.ecole.be/u.',
    picturePasswordLength: "Nombre d'images d'un mot de passe en images",
    temporaryPasswordDays: "Jours de validité d'un mot de passe temporaire",
    coAccounts: 'Co-comptes',
    coAccountSlots: 'Nombre de co-comptes (parents) par élève',
    slotsHint:
      'Moins de co-comptes qu’aujourd’hui : les co-comptes au-delà du nouveau nombre ne peuvent plus se connecter.',
    printing: 'Impression',
    printOffsetXMm: 'Décalage vers la droite (mm)',
    printOffsetYMm: 'Décalage vers le bas (mm)',
    printHint:
      "Entre -5 et 5 mm ; la feuille de test à l'impression indique la valeur pour votre imprimante.",
    save: 'Enregistrer les paramètres',
    saved: 'Les paramètres sont enregistrés.',
    nothingChanged: "Rien n'a été modifié.",
    required: 'Remplissez ce champ.',
    nameTooShort: 'Le nom compte au moins 2 caractères.',
    invalidEmail: 'Saisissez une adresse e-mail valide, p. ex. helpdesk{at}ecole.be.',
    between: 'Un nombre entier de {min} à {max}.',
    betweenDecimal: 'Un nombre de {min} à {max}.',
    apiKeys: {
      nav: 'Clés API',
      title: 'Clés API',
      intro:
        "Une clé API donne à un autre programme (p. ex. le logiciel d'administration des élèves) accès aux données de {school}. Donnez à chaque programme sa propre clé ; retirez une clé dès qu'elle ne sert plus.",
      name: 'Nom',
      scope: 'Droits',
      scopes: { read: 'Lecture seule', 'read-write': 'Lecture et écriture' },
      prefix: 'Commence par',
      created: 'Créée le',
      lastUsed: 'Dernière utilisation',
      never: 'Jamais',
      actions: 'Actions',
      empty: 'Pas encore de clés API.',
      add: 'Nouvelle clé API',
      addIntro: 'Donnez à la clé le nom du programme qui l’utilise.',
      addSubmit: 'Créer',
      nameRequired: 'Saisissez un nom.',
      invalidName: 'Un nom sans caractères de contrôle, 100 caractères au plus.',
      createdTitle: 'Clé API créée',
      shownOnce:
        "Copiez la clé maintenant et conservez-la en lieu sûr : elle n'est affichée qu'une fois. Qui la connaît a accès aux données de l'école.",
      key: 'Clé',
      copy: 'Copier',
      copied: 'Copiée.',
      copyFailed: 'La copie a échoué : sélectionnez la clé et copiez-la vous-même.',
      done: "J'ai conservé la clé",
      revoke: 'Retirer',
      revokeFor: 'Retirer la clé {name}',
      revokeTitle: 'Retirer la clé API {name} ?',
      revokeText:
        "Les programmes qui utilisent cette clé perdent immédiatement l'accès. Cette action est définitive.",
      revokeConfirm: 'Oui, retirer',
      revoked: 'La clé API {name} a été retirée.',
    },
    schools: {
      nav: 'Écoles',
      title: 'Écoles',
      intro:
        'Toutes les écoles de cette installation. Une nouvelle école reçoit tout de suite un premier administrateur, invité par e-mail.',
      forbidden: "Seul l'administrateur de la plateforme peut créer des écoles.",
      name: 'Nom',
      locale: 'Langue',
      created: 'Créée le',
      open: 'Ouvrir {name}',
      add: 'Nouvelle école',
      schoolName: "Nom de l'école",
      firstAdmin: 'Premier administrateur',
      adminName: 'Nom',
      adminEmail: 'Adresse e-mail',
      addSubmit: "Créer l'école et inviter l'administrateur",
      created_: "L'école {name} a été créée. Une invitation a été envoyée à {email}.",
      adminFailed:
        "L'école {name} a été créée, mais l'administrateur n'a pas pu être invité : {reason} Invitez-le via Administrateurs de cette école.",
    },
  },
} satisfies SameKeys<typeof nl>;
