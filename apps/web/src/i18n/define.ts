/** The same tree of keys as `T`, every leaf a string: what fr and en must provide. */
export type SameKeys<T> = T extends string ? string : { [K in keyof T]: SameKeys<T[K]> };

/**
 * Messages of one feature in the three locales. Dutch is the reference: a key missing in
 * French or English, or one they add, is a type error (vue-tsc), not a blank on screen.
 */
export function defineMessages<N extends Record<string, unknown>>(messages: {
  nl: N;
  fr: SameKeys<N>;
  en: SameKeys<N>;
}) {
  return messages;
}
