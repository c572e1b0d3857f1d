import { passwordMessages, usernameMessages, type Locale } from '@schoolloket/core';
import type { Localized } from './problem-codes.js';

// The one list of row-level codes (`errors[].code` of a problem: one row or field of a request);
// warning and import row codes are in warning-codes.ts. Each has a
// description for the OpenAPI document; codes whose text does not depend on the request have
// their message in nl/fr/en here, so the error handler answers it in the request's language.
// `{row}` in a message is replaced by the error's `params.row`.

export interface RowCodeInfo {
  description: string;
  message?: Localized;
}

const PASSWORD_RULES = [
  'too_short',
  'too_long',
  'bad_chars',
  'needs_lower',
  'needs_upper',
  'needs_digit',
  'unsafe_start',
  'common',
  'contains_name',
  'contains_username',
  'bad_format',
  'unknown_picture',
  'bad_length',
] as const;
const USERNAME_RULES = [
  'empty',
  'too_short',
  'too_long',
  'invalid_chars',
  'bad_edge',
  'contains_at',
] as const;

type PasswordRuleCode = `password_${(typeof PASSWORD_RULES)[number]}`;
type UsernameRuleCode = `username_${(typeof USERNAME_RULES)[number]}`;

const fromCore = <K extends string>(
  messages: Record<Locale, Record<K, string>>,
  key: K,
): Localized => ({ nl: messages.nl[key], fr: messages.fr[key], en: messages.en[key] });

const passwordCodes = Object.fromEntries(
  PASSWORD_RULES.map((rule) => [
    `password_${rule}`,
    {
      description: `Password rule "${rule}" is broken: ${passwordMessages.en[rule]}`,
      message: fromCore(passwordMessages, rule),
    },
  ]),
) as Record<PasswordRuleCode, RowCodeInfo>;

const usernameCodes = Object.fromEntries(
  USERNAME_RULES.map((rule) => [
    `username_${rule}`,
    {
      description: `A typed username breaks the rule "${rule}": ${usernameMessages.en[rule]}`,
      message: fromCore(usernameMessages, rule),
    },
  ]),
) as Record<UsernameRuleCode, RowCodeInfo>;

const HAS_ACCOUNT: Localized = {
  nl: 'Deze leerling heeft al een account.',
  fr: 'Cet élève a déjà un compte.',
  en: 'This student already has an account.',
};

export const ROW_CODES = {
  ...passwordCodes,
  ...usernameCodes,
  password_not_allowed: {
    description: "A parent's password equals the child's or another co-account's password.",
  },
  password_same_as_current: { description: 'The new password equals the current one.' },
  password_too_weak: { description: 'zxcvbn rates the password as too easy to guess.' },
  current_password_wrong: { description: 'The current password given to change it is wrong.' },
  agreement_not_accepted: {
    description: 'Activation without accepting (the current version of) the user agreement.',
  },
  has_account: {
    description: 'The student already has an account (bulk creation refuses the row).',
    message: HAS_ACCOUNT,
  },
  duplicate_student: {
    description: 'The same student appears in more than one row of the request.',
    message: {
      nl: 'Dubbele leerling (ook in rij {row}).',
      fr: 'Élève en double (aussi à la ligne {row}).',
      en: 'Duplicate student (also in row {row}).',
    },
  },
  student_not_found: {
    description: 'No student with this id in the school.',
    message: { nl: 'Onbekende leerling.', fr: 'Élève inconnu.', en: 'Unknown student.' },
  },
  username_duplicate: {
    description: 'The same typed username appears in more than one row.',
    message: {
      nl: 'Deze gebruikersnaam staat ook in rij {row}.',
      fr: "Ce nom d'utilisateur figure aussi à la ligne {row}.",
      en: 'This username is also in row {row}.',
    },
  },
  username_required: {
    description: 'No username can be derived from the name (other script, empty part): type one.',
    message: {
      nl: 'Uit deze naam kan geen gebruikersnaam gemaakt worden: typ er zelf een.',
      fr: "Aucun nom d'utilisateur ne peut être formé à partir de ce nom : saisissez-en un.",
      en: 'No username can be made from this name: type one.',
    },
  },
  username_taken: {
    description: 'The username was issued before (usernames are never reused).',
    message: {
      nl: 'Deze gebruikersnaam is al eens uitgegeven en kan niet opnieuw gebruikt worden.',
      fr: "Ce nom d'utilisateur a déjà été attribué et ne peut pas être réutilisé.",
      en: 'This username was issued before and cannot be used again.',
    },
  },
  bad_password_kind: {
    description:
      'The password kind does not fit the account type (basic: picture|word; advanced: temporary).',
    message: {
      nl: 'Een basisaccount krijgt een prentenwachtwoord of een woordwachtwoord, een uitgebreid account een tijdelijk wachtwoord.',
      fr: 'Un compte de base reçoit un mot de passe en images ou un mot de passe-mot, un compte avancé un mot de passe temporaire.',
      en: 'A basic account gets a picture or word password, an advanced account a temporary password.',
    },
  },
  duplicate_stamnummer: {
    description: 'The same stamnummer appears in more than one row of the sync body.',
    message: {
      nl: 'Dit stamnummer staat ook in rij {row}.',
      fr: 'Ce matricule figure aussi à la ligne {row}.',
      en: 'This stamnummer is also in row {row}.',
    },
  },
  blank_name: {
    description: 'First or last name is empty after trimming.',
    message: { nl: 'Mag niet leeg zijn.', fr: 'Ne peut pas être vide.', en: 'Must not be blank.' },
  },
  slot_gap: {
    description: 'Co-account slots are filled in order; an earlier slot has no e-mail.',
    message: {
      nl: 'Slot {slot} heeft nog geen e-mailadres: slots worden op volgorde ingevuld.',
      fr: "L'emplacement {slot} n'a pas encore d'adresse e-mail : les emplacements se remplissent dans l'ordre.",
      en: 'Slot {slot} has no e-mail yet: slots are filled in order.',
    },
  },
  co_account_address_unconfirmed: {
    description:
      "The slot's co-account is active for another address than the one registered now (the school's list moved or replaced it): confirm the registered address with PUT …/co-accounts/{slot} before a link to set its password goes out.",
    message: {
      nl: 'Co-account {slot} is actief voor een ander e-mailadres: bevestig eerst {email} voor deze co-account.',
      fr: "Le co-compte {slot} est actif pour une autre adresse e-mail : confirmez d'abord {email} pour ce co-compte.",
      en: 'Co-account {slot} is active for another e-mail address: confirm {email} for this co-account first.',
    },
  },
  count_changed: {
    description: 'The confirmed count differs from the current number; nothing was done.',
    message: {
      nl: 'Er wachten {count} co-accounts op een uitnodiging; er werd niets verstuurd.',
      fr: "{count} co-comptes attendent une invitation ; rien n'a été envoyé.",
      en: '{count} co-account(s) wait for an invitation; nothing was sent.',
    },
  },
  leavers_count: {
    description: 'Ending this many enrolments needs `expectedLeavers` with exactly this number.',
    message: {
      nl: 'Moet {count} zijn om deze inschrijvingen te beëindigen.',
      fr: 'Doit valoir {count} pour terminer ces inscriptions.',
      en: 'Must be {count} to end these enrolments.',
    },
  },
  app_url_spaces: {
    description: 'An app URL contains a space.',
    message: {
      nl: 'Mag geen spaties bevatten.',
      fr: 'Ne peut pas contenir d’espaces.',
      en: 'Must not contain spaces.',
    },
  },
  app_url_not_absolute: {
    description: 'An app URL is no absolute URL.',
    message: {
      nl: 'Moet een volledige URL zijn (met https://).',
      fr: 'Doit être une URL complète (avec https://).',
      en: 'Must be an absolute URL (with https://).',
    },
  },
  app_url_not_https: {
    description: 'An app URL does not use https (http is allowed on localhost only).',
    message: {
      nl: 'Moet https gebruiken (http enkel op localhost).',
      fr: 'Doit utiliser https (http seulement sur localhost).',
      en: 'Must use https (http only on localhost).',
    },
  },
  app_url_credentials: {
    description: 'An app URL carries a user name or password.',
    message: {
      nl: 'Mag geen gebruikersnaam of wachtwoord bevatten.',
      fr: 'Ne peut pas contenir de nom d’utilisateur ni de mot de passe.',
      en: 'Must not contain a user name or password.',
    },
  },
  app_url_host_unclear: {
    description:
      'The host of an app URL is not written as a browser reads it (a backslash, a percent-encoded, shortened or non-ASCII host name: international names in punycode).',
    message: {
      nl: 'De servernaam moet er staan zoals een browser hem leest: https://naam/… zonder \\ of %-codes, internationale namen in punycode (xn--…).',
      fr: 'Le nom du serveur doit être écrit tel qu’un navigateur le lit : https://nom/… sans \\ ni codes %, les noms internationaux en punycode (xn--…).',
      en: 'The host name must be written as a browser reads it: https://name/… without \\ or %-escapes, international names in punycode (xn--…).',
    },
  },
  app_url_path_unclear: {
    description:
      'The path of an app URL is not written as a browser reads it (a . or .. segment, a backslash, or a character the browser escapes).',
    message: {
      nl: 'Het pad moet er staan zoals een browser het leest: zonder \\, /./ of /../, met %-codes voor tekens als < > " { }.',
      fr: 'Le chemin doit être écrit tel qu’un navigateur le lit : sans \\, /./ ni /../, avec des codes % pour les caractères comme < > " { }.',
      en: 'The path must be written as a browser reads it: without \\, /./ or /../, with %-escapes for characters such as < > " { }.',
    },
  },
  app_url_fragment: {
    description: 'A redirect URI carries a fragment (#).',
    message: {
      nl: 'Mag geen fragment (#) bevatten.',
      fr: 'Ne peut pas contenir de fragment (#).',
      en: 'Must not contain a fragment (#).',
    },
  },
  app_url_duplicate: {
    description: 'The same URI is listed twice.',
    message: {
      nl: 'Staat twee keer in de lijst.',
      fr: 'Figure deux fois dans la liste.',
      en: 'Is listed twice.',
    },
  },
  app_redirect_hosts: {
    description:
      'A pairwise app has redirect URIs on more than one host: the provider derives the pseudonymous user id from one host, so such an app could never sign in. Use one host, or subjectType public.',
    message: {
      nl: 'Alle redirect-URI’s moeten op dezelfde host staan: de app krijgt per host een andere, anonieme gebruikers-id, dus met meerdere hosts kan niemand zich aanmelden. Gebruik één host of kies een openbare gebruikers-id (public).',
      fr: 'Toutes les URI de redirection doivent être sur le même hôte : l’app reçoit un identifiant d’utilisateur anonyme propre à un hôte, donc avec plusieurs hôtes personne ne peut se connecter. Utilisez un seul hôte ou choisissez un identifiant public (public).',
      en: 'All redirect URIs must be on one host: the app gets a pseudonymous user id tied to one host, so with several hosts nobody could sign in. Use one host, or choose a public user id (public).',
    },
  },
  app_logo_not_data_url: {
    description: 'The logo is no data: URL of a PNG, JPEG or WebP image.',
    message: {
      nl: 'Moet een data:-URL van een PNG-, JPEG- of WebP-afbeelding zijn (base64).',
      fr: 'Doit être une URL data: d’une image PNG, JPEG ou WebP (base64).',
      en: 'Must be a data: URL of a PNG, JPEG or WebP image (base64).',
    },
  },
  app_logo_too_large: {
    description: 'The logo is larger than 64 KB.',
    message: {
      nl: 'Mag hoogstens 64 KB groot zijn.',
      fr: 'Ne peut pas dépasser 64 Ko.',
      en: 'Must be at most 64 KB.',
    },
  },
  app_logo_not_image: {
    description: 'The logo bytes are not the image type its data: URL names.',
    message: {
      nl: 'Is geen {type}-afbeelding.',
      fr: 'N’est pas une image {type}.',
      en: 'Is not a {type} image.',
    },
  },
  app_name_blank: {
    description: "The app's name is empty after trimming.",
    message: { nl: 'Mag niet leeg zijn.', fr: 'Ne peut pas être vide.', en: 'Must not be blank.' },
  },
  app_groups_platform: {
    description: 'Groups belong to a school: a platform app cannot be limited to groups.',
    message: {
      nl: 'Klassen horen bij een school: niet voor platform-apps.',
      fr: 'Les classes appartiennent à une école : pas pour les apps de la plateforme.',
      en: 'Groups belong to a school: not for platform apps.',
    },
  },
  app_group_blank: {
    description: 'One of the groups is empty after trimming.',
    message: {
      nl: 'Bevat een lege klas.',
      fr: 'Contient une classe vide.',
      en: 'Has an empty group.',
    },
  },
  cursor_not_of_this_list: {
    description:
      'The cursor is not a nextCursor of this list: of another school or filter, tampered with, or made by hand.',
    message: {
      nl: 'Is geen nextCursor van deze lijst.',
      fr: "N'est pas un nextCursor de cette liste.",
      en: 'Must be a nextCursor of this list.',
    },
  },
  cursor_of_other_sort: {
    description:
      'The cursor belongs to the same list in another sort or order (`params.sort`, `params.order`).',
    message: {
      nl: 'Hoort bij sort={sort}&order={order}.',
      fr: 'Appartient à sort={sort}&order={order}.',
      en: 'Belongs to sort={sort}&order={order}.',
    },
  },
  idempotency_key_reused: {
    description: 'The Idempotency-Key was used before with a different request body.',
    message: {
      nl: 'Deze Idempotency-Key werd al gebruikt met een andere inhoud.',
      fr: 'Cette Idempotency-Key a déjà été utilisée avec un autre contenu.',
      en: 'This Idempotency-Key was used with a different request body.',
    },
  },
  selection_required: {
    description: 'Neither `studentIds` nor `filter` was given: say which students.',
    message: {
      nl: 'Geef studentIds of een filter.',
      fr: 'Donnez studentIds ou un filtre.',
      en: 'Give studentIds or a filter.',
    },
  },
  erasure_not_confirmed: {
    description: "The confirmation is neither the student's stamnummer nor their name.",
    message: {
      nl: 'Typ het stamnummer of de naam van deze leerling om het wissen te bevestigen.',
      fr: "Tapez le numéro de matricule ou le nom de cet élève pour confirmer l'effacement.",
      en: 'Type the stamnummer or the name of this student to confirm the erasure.',
    },
  },
  mapping_not_json: {
    description: 'The `mapping` field of the upload is not JSON.',
    message: {
      nl: 'Moet JSON zijn.',
      fr: 'Doit être du JSON.',
      en: 'Must be JSON.',
    },
  },
} as const satisfies Record<string, RowCodeInfo>;

export type RowCode = keyof typeof ROW_CODES;
