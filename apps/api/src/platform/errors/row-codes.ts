import { passwordMessages, usernameMessages } from '@schoolloket/core';
import type { Localized } from './problem-codes.js';

// The one list of row-level codes (`errors[].code` of a problem: one row or field of a request)
// and of warning codes (`warnings[].code` in proposals and import previews). Each has a
// description for the OpenAPI document; codes whose text does not depend on the request have
// their message in nl/fr/en here, so the error handler answers it in the request's language.
// `{row}` in a message is replaced by the error's `params.row`.

interface RowCodeInfo {
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
  messages: Record<'nl' | 'fr' | 'en', Record<K, string>>,
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
  idempotency_key_reused: {
    description: 'The Idempotency-Key was used before with a different request body.',
    message: {
      nl: 'Deze Idempotency-Key werd al gebruikt met een andere inhoud.',
      fr: 'Cette Idempotency-Key a déjà été utilisée avec un autre contenu.',
      en: 'This Idempotency-Key was used with a different request body.',
    },
  },
} as const satisfies Record<string, RowCodeInfo>;

export type RowCode = keyof typeof ROW_CODES;

export const WARNING_CODES = {
  needs_review: {
    description: 'The name was transliterated to Latin letters: check the username.',
  },
  no_username: { description: 'No username can be derived from the name: type one.' },
  counter_added: { description: 'The username existed; a counter was added.' },
  has_account: { description: 'The student already has an account.' },
  enrolment_ended: { description: 'The enrolment already ended: the account starts inactive.' },
  username_basis_changed: {
    description:
      'Import: the name changed so that the username would now be different (it is kept).',
  },
  stamnummer_leading_zeros: {
    description: 'Import: the stamnummer matches an existing one only without leading zeros.',
  },
  co_account_email_changed: {
    description:
      "Import: a parent e-mail of an active co-account changes (the parent's login stays).",
  },
} as const satisfies Record<string, RowCodeInfo>;

export type WarningCode = keyof typeof WARNING_CODES;

/** Row errors of an import preview (`items[].error.code`), one per unusable cell or row. */
export const IMPORT_ROW_CODES = {
  required: { description: 'A required cell (stamnummer, first or last name) is empty.' },
  invalid_stamnummer: {
    description: 'Only letters, digits and . _ / - (starting with a letter or digit).',
  },
  duplicate_stamnummer: { description: 'The stamnummer is on more than one row of the file.' },
  invalid_date: { description: 'Not a date (dd/mm/yyyy or yyyy-mm-dd).' },
  invalid_gender: { description: 'Unknown gender (M, V or X).' },
  invalid_email: { description: 'Not an e-mail address.' },
  control_characters: {
    description: 'Contains invisible control characters (tab, newline, bidi…).',
  },
  too_long: { description: 'Longer than the field allows.' },
  extra_cells: { description: 'More cells than the header row: a separator inside a value?' },
  unclosed_quote: {
    description: 'A quote is never closed: the rest of the file read as one cell.',
  },
  invalid_quote: { description: 'A misplaced quote: the row cannot be read reliably.' },
  invalid: { description: 'Refused by the student schema for another reason.' },
} as const satisfies Record<string, RowCodeInfo>;

export type ImportRowCode = keyof typeof IMPORT_ROW_CODES;
