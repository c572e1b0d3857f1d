import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import { countOrDelete } from '../../db/purge.js';

// What every link token (co-account activation, admin invitation and reset) shares: the rows
// live in `tokens`, stored as hashes; each feature finds its own open links.

/** The single-use guarantee: one UPDATE, so of many concurrent submits exactly one gets the row. */
export function consumeToken(db: Database, id: string, now: Date) {
  return db
    .updateTable('tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id'])
    .executeTakeFirst();
}

/** Counts a rejected password on a link; the link dies after `max` of them. */
export function countTokenFailure(db: Database, id: string, max: number, now: Date) {
  return db
    .updateTable('tokens')
    .set((eb) => ({
      failed_attempts: eb('failed_attempts', '+', 1),
      revoked_at: eb
        .case()
        .when('failed_attempts', '>=', max - 1)
        .then(now)
        .else(eb.ref('revoked_at'))
        .end(),
    }))
    .where('id', '=', id)
    .execute();
}

/**
 * Whose links a query is about: the purposes and, where given, the admin, the school, or the
 * co-account slot (student and slot).
 */
export interface LinkScope {
  purposes: readonly string[];
  adminUserId?: string;
  institutionId?: string;
  studentId?: string;
  slot?: number;
}

function inScope(eb: ExpressionBuilder<DB, 'tokens'>, s: LinkScope) {
  const where = [eb('purpose', 'in', s.purposes)];
  if (s.adminUserId !== undefined) where.push(eb('admin_user_id', '=', s.adminUserId));
  if (s.institutionId !== undefined) where.push(eb('institution_id', '=', s.institutionId));
  if (s.studentId !== undefined) where.push(eb('student_id', '=', s.studentId));
  if (s.slot !== undefined) where.push(eb('slot', '=', s.slot));
  return eb.and(where);
}

/** Stores a new link (its hash) for an admin or a co-account slot. */
export function insertToken(
  db: Database,
  row: {
    token_hash: string;
    purpose: string;
    institution_id: string | null;
    admin_user_id?: string;
    student_id?: string;
    slot?: number;
    email: string;
    now: Date;
    expires_at: Date;
  },
) {
  const { now, ...values } = row;
  return db
    .insertInto('tokens')
    .values({ ...values, created_at: now })
    .execute();
}

/** Supersedes the open links in a scope: at most one link works at a time. */
export function revokeOpenTokens(db: Database, scope: LinkScope, now: Date) {
  return db
    .updateTable('tokens')
    .set({ revoked_at: now })
    .where((eb) => inScope(eb, scope))
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Links issued in a scope since a moment and when the oldest of them was issued (when the first
 * place in a sliding window frees up, for Retry-After).
 */
export async function tokensSince(db: Database, scope: LinkScope, since: Date) {
  const row = await db
    .selectFrom('tokens')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where((eb) => inScope(eb, scope))
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return {
    count: Number(row.n),
    oldest: row.oldest ? new Date(row.oldest as unknown as string | Date) : null,
  };
}

/** Links issued in a scope since a moment (for the hourly caps on requests). */
export async function countTokensSince(db: Database, scope: LinkScope, since: Date) {
  return (await tokensSince(db, scope, since)).count;
}

/**
 * The open (unused, unrevoked, unexpired) link with this hash and one of these purposes, as a
 * subquery of its id: each feature joins what its link is for (`where('t.id', '=', …)`).
 */
export function openTokenId(db: Database, hash: string, purposes: readonly string[], now: Date) {
  return db
    .selectFrom('tokens')
    .select('id')
    .where('token_hash', '=', hash)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now);
}

/**
 * Purge job: links that ended (used, revoked or expired) before `cutoff` and were created before
 * `createdBefore` (recent ones still count in the per-slot and per-admin mail limits). A dry run
 * counts them.
 */
export async function purgeEndedLinks(
  db: Database,
  cutoff: Date,
  createdBefore: Date,
  dryRun: boolean,
): Promise<number> {
  return countOrDelete(
    db,
    'tokens',
    (eb) =>
      eb.and([
        eb('created_at', '<', createdBefore),
        eb.or([
          eb('used_at', '<', cutoff),
          eb('revoked_at', '<', cutoff),
          eb('expires_at', '<', cutoff),
        ]),
      ]),
    dryRun,
  );
}
