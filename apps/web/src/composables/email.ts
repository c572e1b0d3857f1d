/**
 * Whether a trimmed e-mail address is plausible: something@domain.tld, without spaces. The forms
 * check it to catch the usual typos before a round trip; the API checks the address again.
 */
export const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
