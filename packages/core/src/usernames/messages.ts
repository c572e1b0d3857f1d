import type { Locale } from './locale.js';
import type { UsernameError } from './rules.js';
import type { UsernameReviewReason } from './username-base.js';

/** For the admin who types a username by hand. */
export const usernameMessages: Record<Locale, Record<UsernameError, string>> = {
  nl: {
    empty: 'Vul een gebruikersnaam in.',
    too_short: 'De gebruikersnaam moet minstens 3 tekens lang zijn.',
    too_long: 'De gebruikersnaam mag hoogstens 50 tekens lang zijn.',
    invalid_chars:
      'Gebruik alleen letters zonder accenten (a-z), cijfers, een punt (.), een liggend streepje (_) of een koppelteken (-). Spaties mogen niet.',
    bad_edge: 'De gebruikersnaam moet beginnen en eindigen met een letter of een cijfer.',
    contains_at: 'Een gebruikersnaam is geen e-mailadres: laat het @-teken weg.',
  },
  fr: {
    empty: "Indiquez un nom d'utilisateur.",
    too_short: "Le nom d'utilisateur doit compter au moins 3 caractères.",
    too_long: "Le nom d'utilisateur peut compter au maximum 50 caractères.",
    invalid_chars:
      "Utilisez uniquement des lettres sans accents (a-z), des chiffres, le point (.), le tiret bas (_) ou le trait d'union (-). Pas d'espaces.",
    bad_edge: "Le nom d'utilisateur doit commencer et se terminer par une lettre ou un chiffre.",
    contains_at: "Un nom d'utilisateur n'est pas une adresse e-mail : retirez le signe @.",
  },
  en: {
    empty: 'Enter a username.',
    too_short: 'The username must be at least 3 characters long.',
    too_long: 'The username can be at most 50 characters long.',
    invalid_chars:
      'Use only letters without accents (a-z), digits, a dot (.), an underscore (_) or a hyphen (-). No spaces.',
    bad_edge: 'The username must start and end with a letter or a digit.',
    contains_at: 'A username is not an e-mail address: leave out the @ sign.',
  },
};

/** Why a proposed username needs a look before the account is created. */
export const usernameReviewMessages: Record<Locale, Record<UsernameReviewReason, string>> = {
  nl: {
    transliterated:
      'De naam bevat een ander schrift en werd omgezet naar Latijnse letters. Controleer de gebruikersnaam.',
    empty_first_name:
      'Van de voornaam blijft geen letter of cijfer over. Typ zelf een gebruikersnaam.',
    empty_last_name: 'Van de naam blijft geen letter of cijfer over. Typ zelf een gebruikersnaam.',
    truncated: 'De naam is te lang en werd ingekort tot 50 tekens.',
  },
  fr: {
    transliterated:
      "Le nom contient une autre écriture et a été converti en lettres latines. Vérifiez le nom d'utilisateur.",
    empty_first_name:
      "Il ne reste aucune lettre ni aucun chiffre du prénom. Saisissez vous-même un nom d'utilisateur.",
    empty_last_name:
      "Il ne reste aucune lettre ni aucun chiffre du nom. Saisissez vous-même un nom d'utilisateur.",
    truncated: 'Le nom est trop long et a été raccourci à 50 caractères.',
  },
  en: {
    transliterated:
      'The name uses another script and was converted to Latin letters. Check the username.',
    empty_first_name: 'No letter or digit is left of the first name. Type a username yourself.',
    empty_last_name: 'No letter or digit is left of the last name. Type a username yourself.',
    truncated: 'The name is too long and was shortened to 50 characters.',
  },
};
