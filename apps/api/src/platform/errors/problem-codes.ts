// The one list of top-level problem codes: HTTP status, title in each language, and what it means
// for an integrator. The `AppErrorCode` union, the error handler's titles and the `Problem.code`
// enum of the OpenAPI document are all derived from it; a new code is one new entry here.

export type Localized = { nl: string; fr: string; en: string };

interface ProblemCodeInfo {
  status: number;
  title: Localized;
  /** For the OpenAPI document (English, for developers). */
  description: string;
}

export const PROBLEM_CODES = {
  validation_failed: {
    status: 400,
    title: {
      nl: 'Het verzoek is niet geldig',
      fr: "La requête n'est pas valide",
      en: 'The request is not valid',
    },
    description:
      'A parameter or body field does not match the schema; `errors[]` names each (`path`, `message`).',
  },
  malformed_body: {
    status: 400,
    title: {
      nl: 'De inhoud van het verzoek kan niet gelezen worden',
      fr: 'Le contenu de la requête est illisible',
      en: 'The request body could not be read',
    },
    description: 'The body is not valid JSON or not of the declared content type.',
  },
  bad_request: {
    status: 400,
    title: { nl: 'Ongeldig verzoek', fr: 'Requête invalide', en: 'Bad request' },
    description: 'The request was refused by the HTTP layer (for example a malformed header).',
  },
  unauthenticated: {
    status: 401,
    title: { nl: 'Niet aangemeld', fr: 'Non connecté', en: 'Not logged in' },
    description:
      'No session cookie or API key, or it expired or was revoked. Log in again or use a valid key.',
  },
  invalid_credentials: {
    status: 401,
    title: { nl: 'Aanmelden mislukt', fr: 'Échec de la connexion', en: 'Login failed' },
    description:
      'The username/e-mail and password (or pictures) do not match. Same body for every cause.',
  },
  temporary_password_expired: {
    status: 401,
    title: {
      nl: 'Tijdelijk wachtwoord verlopen',
      fr: 'Mot de passe temporaire expiré',
      en: 'Temporary password expired',
    },
    description:
      "Portal login: the student's temporary password is right but past its days (the school's temporary-password days). It no longer logs in; the school makes a new one. Not counted as a failed login.",
  },
  invalid_code: {
    status: 401,
    title: {
      nl: 'De code is niet juist',
      fr: "Le code n'est pas correct",
      en: 'The code is not correct',
    },
    description: 'A second-factor or recovery code is wrong or was already used.',
  },
  passkey_refused: {
    status: 401,
    title: {
      nl: 'De passkey werd niet aanvaard',
      fr: "La clé d'accès n'a pas été acceptée",
      en: 'The passkey was not accepted',
    },
    description:
      'A passkey assertion or registration was refused (unknown credential, wrong challenge, bad signature).',
  },
  step_up_required: {
    status: 403,
    title: {
      nl: 'Bevestig met je tweede factor dat jij het bent',
      fr: 'Confirmez votre identité avec votre second facteur',
      en: 'Confirm it is you with your second factor',
    },
    description: 'The action needs a recent second-factor confirmation of the session.',
  },
  password_confirmation_required: {
    status: 403,
    title: {
      nl: 'Bevestig eerst je wachtwoord',
      fr: "Confirmez d'abord votre mot de passe",
      en: 'Confirm your password first',
    },
    description:
      'Adding a first second factor needs the password confirmed by this session within the ' +
      'last 10 minutes (POST /me/security/confirm-password); confirm it and retry.',
  },
  second_factor_setup_required: {
    status: 403,
    title: {
      nl: 'Stel eerst een tweede factor in',
      fr: "Configurez d'abord un second facteur",
      en: 'Set up a second factor first',
    },
    description:
      'The installation or one of the admin’s schools requires a second factor and this admin has none yet: ' +
      'sensitive actions wait until a passkey or an authenticator app is set up (POST /me/security/…).',
  },
  forbidden: {
    status: 403,
    title: { nl: 'Niet toegestaan', fr: 'Non autorisé', en: 'Not allowed' },
    description:
      'Authenticated, but the role or key scope does not allow this (a read key writing, a helpdesk user changing settings).',
  },
  must_change_password: {
    status: 403,
    title: {
      nl: 'Wijzig eerst je wachtwoord',
      fr: "Changez d'abord votre mot de passe",
      en: 'Change your password first',
    },
    description: 'A student with a temporary password must change it before anything else.',
  },
  not_found: {
    status: 404,
    title: { nl: 'Niet gevonden', fr: 'Introuvable', en: 'Not found' },
    description:
      'No such resource, or it belongs to another school (ids of other schools answer the same).',
  },
  conflict: {
    status: 409,
    title: { nl: 'Conflict', fr: 'Conflit', en: 'Conflict' },
    description:
      'The change conflicts with the current state or with a concurrent write; `errors[]` may say which row. Reread and retry.',
  },
  stamnummer_taken: {
    status: 409,
    title: {
      nl: 'Stamnummer al in gebruik',
      fr: 'Matricule déjà utilisé',
      en: 'Stamnummer already in use',
    },
    description: 'Another student of the school has this stamnummer.',
  },
  email_taken: {
    status: 409,
    title: {
      nl: 'E-mailadres al in gebruik',
      fr: 'Adresse e-mail déjà utilisée',
      en: 'E-mail address already in use',
    },
    description: 'Another user already has this e-mail address.',
  },
  preview_stale: {
    status: 409,
    title: { nl: 'Bekijk opnieuw', fr: 'Prévisualisez à nouveau', en: 'Preview again' },
    description: 'The students changed since the import preview was made; upload the file again.',
  },
  leavers_count_changed: {
    status: 409,
    title: {
      nl: 'Het aantal te beëindigen inschrijvingen is niet het bevestigde',
      fr: "Le nombre d'inscriptions à terminer n'est pas celui confirmé",
      en: 'The number of enrolments to end is not the one confirmed',
    },
    description:
      '`expectedLeavers` differs from the number the sync would end; the body carries `leavers` (the real number).',
  },
  link_invalid: {
    status: 410,
    title: {
      nl: 'Deze link is niet meer geldig',
      fr: "Ce lien n'est plus valable",
      en: 'This link is no longer valid',
    },
    description: 'An invitation, activation or reset link expired, was used, or was superseded.',
  },
  payload_too_large: {
    status: 413,
    title: { nl: 'Verzoek te groot', fr: 'Requête trop volumineuse', en: 'Request too large' },
    description: 'The body or uploaded file exceeds the limit of the operation.',
  },
  unsupported_file: {
    status: 415,
    title: {
      nl: 'Bestandstype niet ondersteund',
      fr: 'Fichier non pris en charge',
      en: 'Unsupported file',
    },
    description: 'The uploaded file is neither CSV nor XLSX.',
  },
  unsupported_media_type: {
    status: 415,
    title: {
      nl: 'Inhoudstype niet ondersteund',
      fr: 'Type de contenu non pris en charge',
      en: 'Unsupported media type',
    },
    description: 'The Content-Type of the request is not one the operation accepts.',
  },
  unprocessable: {
    status: 422,
    title: {
      nl: 'Het verzoek kan niet verwerkt worden',
      fr: 'La requête ne peut pas être traitée',
      en: 'The request cannot be processed',
    },
    description:
      'Understood but refused by a rule (a weak password, a row of a bulk request); `errors[]` names each row and field with a row code. Nothing was changed.',
  },
  empty_file: {
    status: 422,
    title: { nl: 'Het bestand is leeg', fr: 'Le fichier est vide', en: 'The file is empty' },
    description: 'The uploaded file holds no rows.',
  },
  columns_unrecognised: {
    status: 422,
    title: {
      nl: 'Kolommen niet herkend',
      fr: 'Colonnes non reconnues',
      en: 'Columns not recognised',
    },
    description:
      'Stamnummer, first or last name cannot be found in the file; the body is an ImportColumnsProblem (`headerRow`, `columns`) to resubmit with a `mapping`.',
  },
  import_has_errors: {
    status: 422,
    title: {
      nl: 'De import bevat fouten',
      fr: "L'import contient des erreurs",
      en: 'The import has errors',
    },
    description: 'An import with row errors cannot be committed; fix the file and upload it again.',
  },
  leavers_confirmation_required: {
    status: 422,
    title: {
      nl: 'Inschrijvingen beëindigen vraagt een uitdrukkelijke bevestiging',
      fr: 'Terminer ces inscriptions demande une confirmation explicite',
      en: 'Ending these enrolments needs an explicit confirmation',
    },
    description:
      'A sync with `leavers: end` would end more than 20 % (or 50) of the enrolments; send `expectedLeavers` with the number in the body.',
  },
  too_many_requests: {
    status: 429,
    title: { nl: 'Te veel verzoeken', fr: 'Trop de requêtes', en: 'Too many requests' },
    description:
      'A login lockout or an API key rate limit; wait the seconds of `Retry-After` (and see the RateLimit headers).',
  },
  internal: {
    status: 500,
    title: { nl: 'Interne fout', fr: 'Erreur interne', en: 'Internal server error' },
    description: 'A bug on our side; the detail quotes a request id for support.',
  },
  unavailable: {
    status: 503,
    title: {
      nl: 'Dienst tijdelijk niet beschikbaar',
      fr: 'Service temporairement indisponible',
      en: 'Service temporarily unavailable',
    },
    description:
      'The database is busy or unreachable; nothing was changed. Retry after `Retry-After` seconds.',
  },
} as const satisfies Record<string, ProblemCodeInfo>;

export type ProblemCode = keyof typeof PROBLEM_CODES;
