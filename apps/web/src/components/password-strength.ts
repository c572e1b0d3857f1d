// Loaded on demand by PasswordStrengthMeter (dynamic import): zxcvbn and its dictionaries are
// ~1 MB and only the screens that set a password need them. The same engine and dictionaries as
// the API's check (apps/api/src/security/password-strength.ts), so the meter and the server agree.
import type { Locale } from '@schoolloket/core';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as fr from '@zxcvbn-ts/language-fr';
import * as nlBe from '@zxcvbn-ts/language-nl-be';

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  warning: string | null;
  suggestions: string[];
}

const prefixed = (prefix: string, dictionary: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(dictionary).map(([k, v]) => [`${prefix}_${k}`, v]));

const dictionary = {
  ...common.dictionary,
  ...prefixed('en', en.dictionary),
  ...prefixed('fr', fr.dictionary),
  ...prefixed('nl', nlBe.dictionary),
};
const translations = { nl: nlBe.translations, fr: fr.translations, en: en.translations };
const factories = new Map<Locale, ZxcvbnFactory>();

function factory(locale: Locale): ZxcvbnFactory {
  let f = factories.get(locale);
  if (!f) {
    f = new ZxcvbnFactory({
      translations: translations[locale],
      graphs: common.adjacencyGraphs,
      dictionary,
    });
    factories.set(locale, f);
  }
  return f;
}

export function estimate(
  password: string,
  userInputs: readonly string[],
  locale: Locale,
): Strength {
  // Each name also without its accents: the server refuses "Nuria2015!" for Núria, so the meter
  // must not call it strong (found by an outside test).
  const inputs = userInputs
    .flatMap((s) => [s, ...s.split(/[\s.\-_'’]+/u)])
    .flatMap((s) => [s, s.normalize('NFD').replace(/\p{M}/gu, '')])
    .map((s) => s.toLowerCase())
    .filter((s) => s.length >= 3);
  const r = factory(locale).check(password.slice(0, 100), inputs);
  return {
    score: r.score,
    warning: r.feedback.warning,
    suggestions: r.feedback.suggestions,
  };
}
