import type { RowCodeInfo } from './row-codes.js';

// Warning codes (`warnings[].code` in proposals and import previews) and the row errors of an
// import preview: described for the OpenAPI document, their texts depend on the request.

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
  name_encoding: {
    description:
      'Import: a name holds "?" or characters of a misread encoding (Ã«): probably the file was not saved as UTF-8.',
  },
  co_account_email_changed: {
    description:
      "Import: a parent e-mail of an active co-account changes (the parent's login stays; password links go to a new address only once an admin confirms it on the slot).",
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
