import type { Locale } from '../usernames/locale.js';
import { pictureById } from './catalogue.js';

/** Separator between picture names: an en dash with spaces, as in "hond – banaan – vis". */
export const PICTURE_NAME_SEPARATOR = ' – ';

/**
 * A picture password in words, for the Excel file and screen readers: 'hond – banaan – vis'.
 * An id that is not in the catalogue (should never happen: ids are never removed) is written as
 * the id itself rather than failing a whole export.
 */
export function describePicturePassword(ids: readonly string[], locale: Locale): string {
  return ids.map((id) => pictureById(id)?.names[locale] ?? id).join(PICTURE_NAME_SEPARATOR);
}
