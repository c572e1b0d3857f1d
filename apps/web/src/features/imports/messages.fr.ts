import type { SameKeys } from '../../i18n/define';
import type nl from './messages.nl';

// French texts of the imports feature (messages.ts gathers the three).
export default {
  imports: {
    nav: 'Import',
    title: 'Importer la liste des élèves',
    intro:
      "Chargez l'export de votre logiciel de gestion des élèves : CSV ou Excel (.xlsx), au plus 5 Mo et 20 000 élèves. Vous voyez d'abord ce qui changerait ; rien n'est modifié avant que vous exécutiez l'import.",
    chooseFile: 'Choisir un fichier',
    dropHint: 'ou glissez-le ici',
    chosen: 'Choisi : {name} ({size})',
    check: 'Vérifier le fichier',
    uploading: 'Envoi… {pct}',
    reading: 'Lecture du fichier et comparaison avec les élèves…',
    mapping: {
      title: 'Quelle colonne contient quoi ?',
      intro:
        "Toutes les colonnes de {file} n'ont pas été reconnues. Indiquez ce que contient chaque colonne. Le matricule, le prénom et le nom sont obligatoires.",
      column: 'Colonne du fichier',
      examples: 'Exemples',
      field: 'Contient',
      unused: '— ne pas utiliser —',
      apply: 'Vérifier avec cette répartition',
      missing: 'Choisissez encore une colonne pour : {fields}.',
      twice: '{field} est lié à plus d’une colonne.',
    },
    fields: {
      stamnummer: 'Numéro matricule',
      firstName: 'Prénom',
      lastName: 'Nom',
      group: 'Classe (groupe administratif)',
      gender: 'Sexe',
      birthDate: 'Date de naissance',
      enrolledUntil: "Inscrit jusqu'au",
      officialFirstName: 'Prénom officiel',
      officialLastName: 'Nom officiel',
      parentEmail1: 'E-mail parent 1',
      parentEmail2: 'E-mail parent 2',
      parentEmail3: 'E-mail parent 3',
      parentEmail4: 'E-mail parent 4',
      parentEmails: 'E-mails des parents',
      locale: 'Langue',
    },
    history: {
      title: 'Derniers imports',
      when: 'Quand',
      who: 'Par',
      file: 'Fichier',
      result: 'Résultat',
      status: 'Statut',
      empty: "Pas encore d'import.",
      api: 'Synchronisation API',
      outcome: {
        created: '{n} nouveau(x)',
        updated: '{n} modifié(s)',
        reactivated: '{n} de retour',
        ended:
          '{n} élève partant : inscription terminée | {n} élèves partants : inscription terminée',
        kept: '{n} élève partant : laissé tel quel | {n} élèves partants : laissés tels quels',
        nothing: 'Rien de modifié',
      },
    },
    status: { previewed: 'Aperçu', committed: 'Exécuté', superseded: 'Remplacé' },
    tabs: {
      create: 'Nouveaux',
      update: 'Modifiés',
      unchanged: 'Inchangés',
      leaving: 'Partants',
      error: 'Erreurs',
    },
    countLine:
      '{create} nouveau(x) · {update} modifié(s) · {leaving} partant(s) · {errors} erreur(s)',
    preview: {
      back: "Retour à l'import",
      title: "Aperçu de l'import",
      file: '{file} · {rows} élèves',
      format: '{format}, {encoding}, séparateur {delimiter}, en-tête à la ligne {row}',
      formatXlsx: 'Excel, feuille {sheet}, en-tête à la ligne {row}',
      columns: 'Colonnes',
      notUsed: 'non utilisée',
      none: 'Rien dans cette liste.',
      row: 'Ligne',
      name: 'Élève',
      group: 'Classe',
      changes: 'Modification',
      returning:
        'Revient. Si l’inscription était terminée depuis plus de trois mois et que l’élève avait un compte, celui-ci reste bloqué jusqu’à ce que vous le débloquiez ou créiez un nouveau mot de passe.',
      endsOn: "L'inscription se termine le {date}",
      ended: 'Inscription terminée le {date}',
      kept: 'Laissé tel quel',
      keeps: 'Reste tel quel',
      alreadyEnds: 'Reste tel quel : l’inscription se termine déjà le {date}',
      column: 'Colonne',
      problem: 'Problème',
      value: 'Valeur',
      empty: '(vide)',
      warningsCount: '{n} élève(s) avec une remarque : vérifiez-les sous Nouveaux et Modifiés.',
      more: 'Encore {n} sur les pages suivantes',
      prev: 'Précédente',
      next: 'Suivante',
      page: 'Page {page} sur {pages}',
    },
    commit: {
      title: "Exécuter l'import",
      leaversEnd:
        "Terminer l'inscription des {n} élève(s) partant(s) le {date} : leur compte devient ensuite inactif.",
      leaversKeep:
        "Laisser tels quels les {n} élève(s) absents du fichier (recommandé pour un fichier avec une partie de l'école).",
      massWarning:
        "Attention : vous mettez fin à l'inscription de {n} des {enrolled} élèves inscrits. Leurs comptes deviennent inactifs.",
      typeCount: 'Tapez {n} pour confirmer',
      leaversLegend: 'Que faire des élèves partants ?',
      button: "Exécuter l'import",
      nothing: "Rien ne change : la liste correspond aux élèves de l'école.",
      hasErrors:
        "Le fichier contient {n} erreur(s). Corrigez-les dans le logiciel de gestion ou dans le fichier et chargez-le à nouveau. Rien n'a été modifié.",
      another: 'Charger un autre fichier',
      superseded:
        'Un fichier plus récent a été chargé entre-temps : cet import ne peut plus être exécuté.',
    },
    summary: {
      title: 'Import exécuté',
      by: 'Par {who} le {when}',
      created: '{n} nouvel(s) élève(s)',
      updated: '{n} modifié(s)',
      reactivated:
        '{n} de retour (pour ceux partis depuis plus de trois mois qui avaient déjà un compte : il reste bloqué jusqu’à ce que vous le débloquiez ou créiez un nouveau mot de passe)',
      unchanged: '{n} inchangé(s)',
      ended: '{n} inscription(s) terminée(s) le {date}',
      kept: '{n} élève(s) partant(s) laissé(s) tel(s) quel(s)',
      toStudents: 'Vers les élèves',
    },
    warnings: {
      username_basis_changed:
        "Le nom change. Le nom d'utilisateur {username} est conservé ; selon le nouveau nom, ce serait {base}.",
      stamnummer_leading_zeros:
        "Ressemble au matricule {stamnummer} d'un élève partant : les zéros initiaux ont-ils été perdus (par ex. par Excel) ?",
      name_encoding:
        'Le nom « {name} » semble avoir perdu ou mal lu une lettre (p. ex. ? ou Ã«) : enregistrez le fichier dans Excel en « CSV UTF-8 » et importez-le à nouveau.',
      co_account_email_changed:
        "Le co-compte {slot} est actif. Le parent continue à se connecter ; un nouveau mot de passe via {email} ne sera possible qu'après confirmation de cette adresse dans les co-comptes de l'élève.",
      co_account_email_removed:
        "Le co-compte {slot} est actif. Le parent continue à se connecter, mais il n'y a plus d'adresse e-mail pour réinitialiser le mot de passe.",
    },
    errors: {
      required: 'Champ obligatoire vide.',
      invalid_stamnummer: 'Matricule non valide (lettres, chiffres et . _ / - uniquement).',
      duplicate_stamnummer: 'Ce matricule figure aussi à la ligne {firstRow}.',
      invalid_date: 'Date non valide (jj/mm/aaaa ou aaaa-mm-jj).',
      invalid_gender: 'Sexe inconnu (M, V/F ou X).',
      invalid_email: 'Adresse e-mail non valide.',
      control_characters: 'Contient des caractères invisibles (tabulation, retour à la ligne…).',
      too_long: 'Trop long.',
      extra_cells: "Plus de colonnes que l'en-tête : le séparateur figure-t-il dans une valeur ?",
      unclosed_quote:
        "Un guillemet n'est jamais fermé : la suite du fichier a été lue comme une seule cellule.",
      invalid_quote: 'Guillemet mal placé.',
      invalid: 'Valeur non valide.',
    },
    fileChanged:
      "Le fichier a changé depuis que vous l'avez choisi (enregistré à nouveau ?). Choisissez-le à nouveau.",
    problems: {
      unsupported_file: "Ce n'est pas un fichier CSV ou Excel (.csv, .txt ou .xlsx).",
      empty_file: 'Le fichier ne contient aucun élève.',
      no_rows: "Le fichier a un en-tête mais pas d'élèves.",
      file_too_large: 'Le fichier dépasse 5 Mo.',
      too_many_rows: 'Le fichier contient plus de 20 000 élèves.',
      zip_limits: 'Le fichier Excel est trop volumineux pour être décompressé.',
      too_many_cells: "La feuille Excel contient trop de cellules pour une liste d'élèves.",
      damaged_xlsx: 'Le fichier Excel est endommagé ou illisible.',
      preview_stale:
        'Les élèves ont été modifiés entre-temps, ou un fichier plus récent a été chargé. Chargez à nouveau le fichier pour un nouvel aperçu.',
      import_has_errors: "Le fichier contient des erreurs : rien n'a été modifié.",
      leavers_count_changed:
        "Le nombre d'élèves partants a changé entre-temps. Rechargez le fichier ; rien n'a été modifié.",
      leavers_confirmation_required:
        "Confirmez le nombre d'élèves dont l'inscription prend fin ; rien n'a été modifié.",
      columns_unrecognised: "Les colonnes n'ont pas été reconnues.",
    },
  },
} satisfies SameKeys<typeof nl>;
