import type { Locale } from '../usernames/locale.js';
import type { ExportAccount } from './types.js';

interface Labels {
  /** after a label: French puts a no-break space before the colon */
  colon: string;
  username: string;
  password: string;
  temporaryPassword: string;
  columns: {
    stamnummer: string;
    firstName: string;
    lastName: string;
    group: string;
    username: string;
    type: string;
    password: string;
    url: string;
  };
  types: Record<ExportAccount['type'], string>;
  sheetName: string;
  cardsTitle: string;
  stickersTitle: string;
  lettersTitle: string;
}

// The wording follows the LeerID cards: "Gebruikersnaam: …", "Wachtwoord: …" and
// "Tijdelijk wachtwoord: …" for an advanced account that must be changed at first login.
export const LABELS: Record<Locale, Labels> = {
  nl: {
    colon: ':',
    username: 'Gebruikersnaam',
    password: 'Wachtwoord',
    temporaryPassword: 'Tijdelijk wachtwoord',
    columns: {
      stamnummer: 'Stamnummer',
      firstName: 'Voornaam',
      lastName: 'Naam',
      group: 'Groep',
      username: 'Gebruikersnaam',
      type: 'Type',
      password: 'Wachtwoord',
      url: 'Persoonlijke URL',
    },
    types: { basic: 'Basis', advanced: 'Gevorderd' },
    sheetName: 'Accounts',
    cardsTitle: 'Aanmeldkaarten',
    stickersTitle: 'Aanmeldstickers',
    lettersTitle: 'Co-account activeren',
  },
  fr: {
    colon: '\u00a0:',
    username: "Nom d'utilisateur",
    password: 'Mot de passe',
    temporaryPassword: 'Mot de passe temporaire',
    columns: {
      stamnummer: 'Matricule',
      firstName: 'Prénom',
      lastName: 'Nom',
      group: 'Groupe',
      username: "Nom d'utilisateur",
      type: 'Type',
      password: 'Mot de passe',
      url: 'URL personnelle',
    },
    types: { basic: 'De base', advanced: 'Avancé' },
    sheetName: 'Comptes',
    cardsTitle: 'Cartes de connexion',
    stickersTitle: 'Autocollants de connexion',
    lettersTitle: 'Activer le co-compte',
  },
  en: {
    colon: ':',
    username: 'Username',
    password: 'Password',
    temporaryPassword: 'Temporary password',
    columns: {
      stamnummer: 'Stamnummer',
      firstName: 'First name',
      lastName: 'Last name',
      group: 'Group',
      username: 'Username',
      type: 'Type',
      password: 'Password',
      url: 'Personal URL',
    },
    types: { basic: 'Basic', advanced: 'Advanced' },
    sheetName: 'Accounts',
    cardsTitle: 'Login cards',
    stickersTitle: 'Login stickers',
    lettersTitle: 'Activate co-account',
  },
};
