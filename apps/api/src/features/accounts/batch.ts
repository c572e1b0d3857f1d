import type { AppContext } from '../../context.js';
import { assertId, notFound } from '../../platform/errors/index.js';
import * as repo from './repository.js';

export async function batch(ctx: AppContext, iid: string, bid: string) {
  assertId(bid, 'Batch');
  const row = await repo.findBatch(ctx.db, iid, bid);
  if (!row) throw notFound('Batch');
  const accounts = await repo.accountsOfStudents(ctx.db, iid, row.student_ids);
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    createdBy: row.actor_name,
    counts: { basic: row.basic_count, advanced: row.advanced_count },
    items: accounts.map((a) => ({
      studentId: a.student_id,
      stamnummer: a.stamnummer,
      firstName: a.first_name,
      lastName: a.last_name,
      group: a.group_name,
      username: a.username,
      type: a.type,
      passwordKind: a.password_kind,
    })),
  };
}
