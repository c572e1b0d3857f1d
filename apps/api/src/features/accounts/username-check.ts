import { canonicalUsername, usernameMessages, validateUsername } from '@schoolloket/core';
import type { AppContext } from '../../context.js';
import * as repo from './repository.js';
import type { UsernameCheck } from './schemas.js';

const MESSAGES = {
  taken: 'Deze gebruikersnaam is al eens uitgegeven en kan niet opnieuw gebruikt worden.',
  duplicate: (row: number) => `Deze gebruikersnaam staat ook in rij ${row}.`,
} as const;

/**
 * The review's live check (POST /username-checks): each name as the creation would see it —
 * invalid, used twice in the list, or ever issued (the registry never forgets, in any school) —
 * before anything is saved. Writes nothing and claims nothing: a free name can still be taken by
 * someone else before the creation, which then answers 422 as before.
 */
export async function checkUsernames(
  ctx: AppContext,
  usernames: string[],
): Promise<{ items: UsernameCheck[] }> {
  const canonical = usernames.map((u) => canonicalUsername(u));
  const rowsOf = new Map<string, number[]>();
  canonical.forEach((u, i) => rowsOf.set(u, [...(rowsOf.get(u) ?? []), i]));
  const valid = canonical.filter((u) => validateUsername(u).ok);
  const taken = await repo.takenAmong(ctx.db, [...new Set(valid)]);
  return {
    items: canonical.map((username, i): UsernameCheck => {
      const v = validateUsername(username);
      if (!v.ok)
        return {
          username,
          status: 'invalid',
          code: v.error,
          message: usernameMessages.nl[v.error],
        };
      if (taken.has(username)) return { username, status: 'taken', message: MESSAGES.taken };
      const other = rowsOf.get(username)!.find((j) => j !== i);
      if (other !== undefined)
        return {
          username,
          status: 'duplicate',
          row: other + 1,
          message: MESSAGES.duplicate(other + 1),
        };
      return { username, status: 'free' };
    }),
  };
}
