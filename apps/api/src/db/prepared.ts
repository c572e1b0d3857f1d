import { createHash } from 'node:crypto';

/**
 * SQL texts that the `pg` driver runs as named prepared statements: PostgreSQL parses (and, once
 * its plan cache settles, plans) such a statement once per connection instead of on every call.
 * Only texts built once per query shape belong here (the student list's statements); a text
 * built from request data would grow the registry and every connection's statement cache.
 * The name is derived from the text, so two app instances in one process agree on it.
 * PGlite has no named statements; there the text simply runs as it is.
 */
const names = new Map<string, string>();

export function prepareStatement(text: string): void {
  if (!names.has(text))
    names.set(text, `sl_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`);
}

export function preparedName(text: string): string | undefined {
  return names.get(text);
}
