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

/** zxcvbn's feedback in each language: its warnings and suggestions, by key. */
type FeedbackTexts = Record<'warnings' | 'suggestions', Record<string, string>>;
const TRANSLATIONS: Record<Locale, FeedbackTexts> = {
  nl: nlBe.translations,
  fr: fr.translations,
  en: en.translations,
};

let checker: ZxcvbnFactory | undefined;

/**
 * Built at the first check (a few hundred ms): one checker for every language. Its ranked
 * dictionaries are most of its memory (~17 MB of heap) and the same in every language; a checker
 * per language held them three times (~57 MB). Given no translations, zxcvbn-ts answers its
 * feedback as keys, which feedbackIn reads in the user's language.
 */
function zxcvbn(): ZxcvbnFactory {
  // Dutch (Belgian), French and English words and names, plus the common passwords list.
  checker ??= new ZxcvbnFactory({
    graphs: common.adjacencyGraphs,
    dictionary: {
      ...common.dictionary,
      ...prefixed('en', en.dictionary),
      ...prefixed('fr', fr.dictionary),
      ...prefixed('nl', nlBe.dictionary),
    },
  });
  return checker;
}

function prefixed(prefix: string, dictionary: Record<string, string[]>) {
  return Object.fromEntries(Object.entries(dictionary).map(([k, v]) => [`${prefix}_${k}`, v]));
}

/**
 * The password's zxcvbn estimate; its feedback holds zxcvbn's keys (see feedbackIn). `userInputs`
 * are words an attacker who knows the family would try first: the school's name, the child's
 * names and the username.
 */
export function passwordStrength(
  password: string,
  userInputs: ReadonlyArray<string | null | undefined>,
): ZxcvbnResult {
  const inputs = userInputs
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .flatMap((s) => [s, ...s.split(/[\s.\-_'’]+/u)])
    .map((s) => s.toLowerCase())
    .filter((s) => s.length >= 3);
  return zxcvbn().check(password.slice(0, CHECKED_LENGTH), inputs);
}

/** A result's warning and suggestions in `locale` (a key without a text there in English). */
export function feedbackIn(result: ZxcvbnResult, locale: Locale): string[] {
  const say = (part: keyof FeedbackTexts, key: string) =>
    TRANSLATIONS[locale][part][key] ?? TRANSLATIONS.en[part][key];
  const { warning, suggestions } = result.feedback;
  return [
    ...(warning ? [say('warnings', warning)] : []),
    ...suggestions.map((key) => say('suggestions', key)),
  ].filter((s): s is string => !!s);
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
  const result = passwordStrength(password, userInputs);
  if (result.score >= MIN_PASSWORD_SCORE) return undefined;
  // Some translations end a sentence without a full stop; the pieces are joined as sentences.
  const advice = feedbackIn(result, locale).map((s) =>
    /[.!?]$/u.test(s.trim()) ? s.trim() : `${s.trim()}.`,
  );
  const message = [TOO_WEAK[locale], ...(advice.length ? advice : [HINT[locale]])].join(' ');
  return new AppError('unprocessable', message, [{ path, message, code: 'password_too_weak' }], {
    score: result.score,
    minScore: MIN_PASSWORD_SCORE,
  });
}
