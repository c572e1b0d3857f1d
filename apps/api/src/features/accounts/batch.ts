import type { Actor, AppContext } from '../../context.js';
import { assertId, notFound } from '../../platform/errors/index.js';
import * as history from '../history/index.js';
import { assertMayShowPasswords } from '../second-factor/index.js';
import { openSecret, shownSecret } from './credentials.js';
import * as repo from './repository.js';

async function load(ctx: AppContext, iid: string, bid: string) {
  assertId(bid, 'Batch');
  const row = await repo.findBatch(ctx.db, iid, bid);
  if (!row) throw notFound('Batch');
  const accounts = await repo.accountsOfStudents(ctx.db, iid, row.student_ids);
  // The batch's own order (the creation answer's), not the database's.
  const order = new Map(row.student_ids.map((id, i) => [id, i]));
  accounts.sort((a, b) => order.get(a.student_id)! - order.get(b.student_id)!);
  return { row, accounts };
}

/** How long after making a batch its maker sees and prints its passwords without being asked. */
export const RESULT_SCREEN_MS = 60 * 60_000;

/**
 * A batch shown or printed again is a reprint of its `shown` passwords (assertMayShowPasswords:
 * more than a class needs a recent second factor, fewer count against the session), except for
 * the admin who made it during the hour after (the result screen, whose creation answer held the
 * same passwords already).
 */
export async function assertMayShowBatch(
  ctx: AppContext,
  actor: Actor,
  row: { student_ids: string[]; actor_kind: string; actor_id: string | null; created_at: Date },
  shown: number,
): Promise<void> {
  const ownResultScreen =
    actor.kind === 'admin' &&
    row.actor_kind === 'admin' &&
    row.actor_id === actor.id &&
    ctx.now().getTime() - row.created_at.getTime() < RESULT_SCREEN_MS;
  if (!ownResultScreen) await assertMayShowPasswords(ctx, actor, row.student_ids.length, shown);
}

/** Whether the batch's account has a password that can be shown again (the reprint rule). */
const showable = <A extends { secret_enc: string | null; password_kind: string | null }>(
  a: A,
): a is A & { secret_enc: string } => !!a.secret_enc && a.password_kind !== 'own';

type Loaded = Awaited<ReturnType<typeof load>>;
const item = (a: Loaded['accounts'][number]) => ({
  studentId: a.student_id,
  stamnummer: a.stamnummer,
  firstName: a.first_name,
  lastName: a.last_name,
  group: a.group_name,
  username: a.username,
  type: a.type,
  passwordKind: a.password_kind,
});

export async function batch(ctx: AppContext, iid: string, bid: string) {
  const { row, accounts } = await load(ctx, iid, bid);
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    createdBy: row.actor_name,
    counts: { basic: row.basic_count, advanced: row.advanced_count },
    items: accounts.map(item),
  };
}

/**
 * GET /batches/{bid}/credentials: the result screen again after a reload — the batch's accounts
 * with the passwords that can still be printed (the reprint rule: a basic password, or a
 * temporary one not yet changed). A password the student chose is never shown; those rows come
 * without one. Showing them is an export to the screen and is recorded as such.
 */
export async function batchCredentials(ctx: AppContext, iid: string, bid: string, actor: Actor) {
  const { row, accounts } = await load(ctx, iid, bid);
  await assertMayShowBatch(ctx, actor, row, accounts.filter(showable).length);
  const items = accounts.map((a) => {
    if (!showable(a)) return item(a);
    const secret = openSecret((s, aad) => ctx.secrets.open(s, aad), a.student_id, a.secret_enc);
    return {
      ...item(a),
      ...shownSecret(secret),
    };
  });
  const shown = items.filter((i) => 'password' in i || 'pictures' in i);
  if (shown.length)
    await history.recordExported(
      ctx.db,
      actor,
      iid,
      shown.map((i) => i.studentId),
      { format: 'screen', batchId: row.id },
      ctx.now(),
    );
  return {
    batchId: row.id,
    counts: { basic: row.basic_count, advanced: row.advanced_count },
    items,
  };
}
