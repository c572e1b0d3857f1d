// Zero-width, direction and other invisible characters that let one name pass for another or
// look empty: zero-width space to right-to-left mark, the embeddings and isolates, the soft
// hyphen, the line and paragraph separators, the word joiner and invisible operators, the
// Mongolian vowel separator and the byte order mark. Refused in names by the API
// (text-check.ts) and in every cell of an import (imports/parse/cells.ts) alike.
export const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
