import type { Locale } from '../usernames/locale.js';

export type PasswordError =
  | 'too_short'
  | 'too_long'
  | 'bad_chars'
  | 'needs_lower'
  | 'needs_upper'
  | 'needs_digit'
  | 'unsafe_start'
  | 'common'
  | 'contains_name'
  | 'contains_username'
  | 'bad_format'
  | 'unknown_picture'
  | 'bad_length';

// `bad_chars` only comes from temporary passwords and `bad_format` only from word passwords,
// so those two messages can name the exact rule.
export const passwordMessages: Record<Locale, Record<PasswordError, string>> = {
  nl: {
    too_short: 'Het wachtwoord moet minstens 8 tekens lang zijn.',
    too_long: 'Het wachtwoord is te lang.',
    bad_chars:
      'Gebruik alleen letters en cijfers, zonder tekens die op elkaar lijken (0, O, o, 1, l en I).',
    needs_lower: 'Het wachtwoord moet minstens één kleine letter bevatten.',
    needs_upper: 'Het wachtwoord moet minstens één hoofdletter bevatten.',
    needs_digit: 'Het wachtwoord moet minstens één cijfer bevatten.',
    unsafe_start:
      'Het wachtwoord mag niet beginnen met =, +, -, @ of een spatie (dat breekt rekenbladen).',
    common: 'Dit wachtwoord wordt te vaak gebruikt en is makkelijk te raden. Kies een ander.',
    contains_name: 'Het wachtwoord mag de voornaam of de naam van het kind niet bevatten.',
    contains_username: 'Het wachtwoord mag de gebruikersnaam niet bevatten.',
    bad_format:
      'Gebruik een woord in kleine letters met 3 cijfers erachter of eromheen, zoals zal659 of 29ban9.',
    unknown_picture: 'Kies alleen prenten uit het prentenrooster.',
    bad_length: 'Het aantal prenten klopt niet.',
  },
  fr: {
    too_short: 'Le mot de passe doit compter au moins 8 caractères.',
    too_long: 'Le mot de passe est trop long.',
    bad_chars:
      'Utilisez uniquement des lettres et des chiffres, sans caractères qui se ressemblent (0, O, o, 1, l et I).',
    needs_lower: 'Le mot de passe doit contenir au moins une minuscule.',
    needs_upper: 'Le mot de passe doit contenir au moins une majuscule.',
    needs_digit: 'Le mot de passe doit contenir au moins un chiffre.',
    unsafe_start:
      'Le mot de passe ne peut pas commencer par =, +, -, @ ou une espace (cela perturbe les tableurs).',
    common: 'Ce mot de passe est trop courant et facile à deviner. Choisissez-en un autre.',
    contains_name: "Le mot de passe ne peut pas contenir le prénom ou le nom de l'enfant.",
    contains_username: "Le mot de passe ne peut pas contenir le nom d'utilisateur.",
    bad_format:
      'Utilisez un mot en minuscules avec 3 chiffres après ou autour, par exemple zal659 ou 29ban9.',
    unknown_picture: 'Choisissez uniquement des images de la grille.',
    bad_length: "Le nombre d'images ne convient pas.",
  },
  en: {
    too_short: 'The password must be at least 8 characters long.',
    too_long: 'The password is too long.',
    bad_chars:
      'Use only letters and digits, without characters that look alike (0, O, o, 1, l and I).',
    needs_lower: 'The password must contain at least one lowercase letter.',
    needs_upper: 'The password must contain at least one uppercase letter.',
    needs_digit: 'The password must contain at least one digit.',
    unsafe_start: 'The password cannot start with =, +, -, @ or a space (it breaks spreadsheets).',
    common: 'This password is too common and easy to guess. Choose another one.',
    contains_name: "The password cannot contain the child's first or last name.",
    contains_username: 'The password cannot contain the username.',
    bad_format: 'Use a lowercase word with 3 digits after or around it, such as zal659 or 29ban9.',
    unknown_picture: 'Choose only pictures from the picture grid.',
    bad_length: 'The number of pictures is not right.',
  },
};

/** Spreadsheet safety: a cell starting like this can be read as a formula (CSV injection). */
export function startsUnsafely(p: string): boolean {
  return /^[=+\-@\s]/u.test(p);
}

/** Length in code points, so an emoji counts as one character as people expect. */
export function codePointLength(p: string): number {
  return [...p].length;
}
