import type { Locale } from '@schoolloket/core';
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as fr from '@zxcvbn-ts/language-fr';
import * as nlBe from '@zxcvbn-ts/language-nl-be';
import { AppError } from '../errors/index.js';

/** zxcvbn's 0–4 scale; 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

// zxcvbn looks at 100 characters at most (its own limit against slow matching); our own rule
// caps passwords at 128.
const CHECKED_LENGTH = 100;

const TRANSLATIONS = { nl: nlBe.translations, fr: fr.translations, en: en.translations };

let factories: Record<Locale, ZxcvbnFactory> | undefined;

/** Built at the first check: the dictionaries cost ~20 MB and a few hundred ms. */
function factory(locale: Locale): ZxcvbnFactory {
  if (!factories) {
    // Dutch (Belgian), French and English words and names, plus the common passwords list.
    const dictionary = {
      ...common.dictionary,
      ...prefixed('en', en.dictionary),
      ...prefixed('fr', fr.dictionary),
      ...prefixed('nl', nlBe.dictionary),
    };
    const make = (l: Locale) =>
      new ZxcvbnFactory({
        translations: TRANSLATIONS[l],
        graphs: common.adjacencyGraphs,
        dictionary,
      });
    factories = { nl: make('nl'), fr: make('fr'), en: make('en') };
  }
  return factories[locale];
}

function prefixed(prefix: string, dictionary: Record<string, string[]>) {
  return Object.fromEntries(Object.entries(dictionary).map(([k, v]) => [`${prefix}_${k}`, v]));
}

/**
 * The password's zxcvbn estimate. `userInputs` are words an attacker who knows the family would
 * try first: the school's name, the child's names and the username.
 */
export function passwordStrength(
  password: string,
  userInputs: ReadonlyArray<string | null | undefined>,
  locale: Locale,
): ZxcvbnResult {
  const inputs = userInputs
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .flatMap((s) => [s, ...s.split(/[\s.\-_'’]+/u)])
    .map((s) => s.toLowerCase())
    .filter((s) => s.length >= 3);
  return factory(locale).check(password.slice(0, CHECKED_LENGTH), inputs);
}

const TOO_WEAK: Record<Locale, string> = {
  nl: 'Dit wachtwoord is te makkelijk te raden.',
  fr: 'Ce mot de passe est trop facile à deviner.',
  en: 'This password is too easy to guess.',
};

const HINT: Record<Locale, string> = {
  nl: 'Kies bijvoorbeeld drie of vier losse woorden die niet bij elkaar horen.',
  fr: 'Choisissez par exemple trois ou quatre mots sans rapport entre eux.',
  en: 'For example, choose three or four unrelated words.',
};

/**
 * 422 `password_too_weak` below score 3, with zxcvbn's warning and suggestions in the user's
 * language; undefined when the password is strong enough.
 */
export function weakPasswordError(
  password: string,
  userInputs: ReadonlyArray<string | null | undefined>,
  locale: Locale,
  path: string,
): AppError | undefined {
  const result = passwordStrength(password, userInputs, locale);
  if (result.score >= MIN_PASSWORD_SCORE) return undefined;
  // Some translations end a sentence without a full stop; the pieces are joined as sentences.
  const advice = [result.feedback.warning, ...result.feedback.suggestions]
    .filter((s): s is string => !!s)
    .map((s) => (/[.!?]$/u.test(s.trim()) ? s.trim() : `${s.trim()}.`));
  const message = [TOO_WEAK[locale], ...(advice.length ? advice : [HINT[locale]])].join(' ');
  return new AppError('unprocessable', message, [{ path, message, code: 'password_too_weak' }], {
    score: result.score,
    minScore: MIN_PASSWORD_SCORE,
  });
}
