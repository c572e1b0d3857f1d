import type { Locale } from '@schoolloket/core';
import type { AppError, FieldError } from './app-error.js';
import { PROBLEM_CODES, type Localized, type ProblemCode } from './problem-codes.js';
import { ROW_CODES } from './row-codes.js';

// One language per problem body: title, detail and every row message in the language the request
// asked for (Accept-Language, or ?locale= where an operation has it; default nl). Codes and paths
// stay language-free.

const fill = (text: string, params: FieldError['params']) =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) =>
    params?.[key] !== undefined ? String(params[key]) : whole,
  );

/**
 * A row in `locale`: a code with a catalogue message is rendered from it when the thrower gave
 * params or used the catalogue's own text (in any language); a message the thrower wrote itself
 * (already in the request's language, like an admin's own password rules) is kept.
 */
export function localizeRow(e: FieldError, locale: Locale): FieldError {
  const known = e.code ? (ROW_CODES[e.code] as { message?: Localized }).message : undefined;
  const message =
    known && (e.params || Object.values(known).includes(e.message))
      ? fill(known[locale], e.params)
      : e.message;
  return { path: e.path, message, ...(e.code ? { code: e.code } : {}) };
}

export function problemTitle(code: ProblemCode, locale: Locale): string {
  return PROBLEM_CODES[code].title[locale];
}

/**
 * Title, detail and rows of an AppError in `locale`. A detail written in every language is used
 * as is; an English-only detail is answered to `en`; otherwise the detail is the row messages
 * (already in their language) or else the code's title, so no sentence of another language
 * slips in.
 */
export function localizeProblem(err: AppError, locale: Locale) {
  const errors = err.errors?.map((e) => localizeRow(e, locale));
  const title = problemTitle(err.code, locale);
  const rows = errors?.length ? errors.map((e) => e.message).join(' ') : undefined;
  const detail =
    err.localized?.[locale] ?? (locale === 'en' ? err.englishDetail : undefined) ?? rows ?? title;
  return { title, detail, ...(errors ? { errors } : {}) };
}

/** Ajv keywords of a validation_failed row, in words (Ajv's own messages are English only). */
const VALIDATION: Record<string, Localized> = {
  required: { nl: 'ontbreekt', fr: 'manquant', en: 'is required' },
  additionalProperties: {
    nl: 'is niet toegestaan',
    fr: "n'est pas autorisé",
    en: 'is not allowed',
  },
  type: { nl: 'heeft het verkeerde type', fr: "n'a pas le bon type", en: 'has the wrong type' },
  format: {
    nl: 'heeft een ongeldig formaat',
    fr: 'a un format invalide',
    en: 'has an invalid format',
  },
  pattern: {
    nl: 'heeft een ongeldig formaat',
    fr: 'a un format invalide',
    en: 'has an invalid format',
  },
  minLength: {
    nl: 'moet minstens {limit} tekens lang zijn',
    fr: 'doit compter au moins {limit} caractères',
    en: 'must be at least {limit} characters long',
  },
  maxLength: {
    nl: 'mag hoogstens {limit} tekens lang zijn',
    fr: 'peut compter au plus {limit} caractères',
    en: 'must be at most {limit} characters long',
  },
  minimum: {
    nl: 'moet minstens {limit} zijn',
    fr: 'doit valoir au moins {limit}',
    en: 'must be at least {limit}',
  },
  maximum: {
    nl: 'mag hoogstens {limit} zijn',
    fr: 'doit valoir au plus {limit}',
    en: 'must be at most {limit}',
  },
  minItems: {
    nl: 'moet minstens {limit} elementen bevatten',
    fr: 'doit contenir au moins {limit} éléments',
    en: 'must have at least {limit} items',
  },
  maxItems: {
    nl: 'mag hoogstens {limit} elementen bevatten',
    fr: 'peut contenir au plus {limit} éléments',
    en: 'must have at most {limit} items',
  },
  enum: {
    nl: 'moet een van de toegestane waarden zijn',
    fr: 'doit être une des valeurs autorisées',
    en: 'must be one of the allowed values',
  },
  const: {
    nl: 'moet een van de toegestane waarden zijn',
    fr: 'doit être une des valeurs autorisées',
    en: 'must be one of the allowed values',
  },
  maxDepth: {
    nl: 'mag hoogstens {limit} niveaus diep genest zijn',
    fr: 'ne peut pas être imbriqué sur plus de {limit} niveaux',
    en: 'must not be nested more than {limit} levels deep',
  },
};
const INVALID: Localized = { nl: 'is ongeldig', fr: 'est invalide', en: 'is invalid' };

/** The message of one schema violation in `locale` (`limit` from Ajv's params). */
export function validationMessage(
  keyword: string,
  params: Record<string, unknown> | undefined,
  locale: Locale,
): string {
  const text = (VALIDATION[keyword] ?? INVALID)[locale];
  return fill(text, { limit: String(params?.limit ?? '') });
}
