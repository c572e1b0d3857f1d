import Format from 'typebox/format';
import { INVISIBLE } from '../../../schemas/invisible.js';

// Cell values as Belgian school administration packages write them.

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
// Day first, as everywhere in Belgium: 19/03/2007, 19-3-2007, 19.03.2007.
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;

/** 'YYYY-MM-DD', null for an empty cell, or undefined when it is not a real date. */
export function parseDate(text: string): string | null | undefined {
  const s = text.trim();
  if (!s) return null;
  let y: number, m: number, d: number;
  const iso = ISO.exec(s) ?? YMD_SLASH.exec(s);
  const dmy = iso ? null : DMY.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [y, m, d] = [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])];
  else return undefined;
  if (y < 1900 || y > 2199) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}

const GENDERS: Record<string, 'M' | 'V' | 'X'> = {
  m: 'M',
  man: 'M',
  mannelijk: 'M',
  jongen: 'M',
  h: 'M',
  homme: 'M',
  masculin: 'M',
  garcon: 'M',
  male: 'M',
  boy: 'M',
  v: 'V',
  vrouw: 'V',
  vrouwelijk: 'V',
  meisje: 'V',
  f: 'V',
  femme: 'V',
  feminin: 'V',
  fille: 'V',
  female: 'V',
  girl: 'V',
  w: 'V',
  x: 'X',
  o: 'X',
  anders: 'X',
  ander: 'X',
  onbepaald: 'X',
  autre: 'X',
  other: 'X',
  neutral: 'X',
  neutraal: 'X',
  neutre: 'X',
};

/** M, V or X; null for an empty cell; undefined when not recognised. */
export function parseGender(text: string): 'M' | 'V' | 'X' | null | undefined {
  const key = text
    .trim()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (!text.trim()) return null;
  return GENDERS[key];
}

/** The same e-mail check as the API's `format: email`. */
export function isEmail(text: string): boolean {
  return text.length <= 254 && Format.Test('email', text);
}

/**
 * C0 and C1 control characters (tab and line breaks included), as the API's name pattern, and
 * the invisible direction and zero-width characters that let one name pass for another.
 */
export function hasControlCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return INVISIBLE.test(s);
}
