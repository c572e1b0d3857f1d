import type { Actor, AppContext } from '../../context.js';
import { allowLongWork } from '../../db/long-work.js';
import { AppError, assertId, notFound } from '../../platform/errors/index.js';
import { actorColumns } from '../history/index.js';
import { applyPlan, checkLeavers, enrolledCount, leaversToEnd } from './apply.js';
import { fingerprint, type CurrentStudent } from './plan.js';
import * as repo from './repository.js';
import type { CommitBody } from './commit-schemas.js';
import type { ImportDetail, ImportSummary } from './schemas.js';
import { itemRowToPlan, toDetail } from './views.js';
import { today } from './preview.js';

const stale = (detail: string) =>
  new AppError('preview_stale', detail, undefined, { reason: 'preview_stale' });

/** Applies a preview, all or nothing. Committing again answers the first commit's result. */
export async function commit(
  ctx: AppContext,
  actor: Actor,
  iid: string,
  importId: string,
  body: CommitBody,
): Promise<ImportDetail> {
  assertId(importId, 'Import');
  const row = await ctx.db.transaction().execute(async (trx) => {
    await allowLongWork(trx, ctx.config.databaseTimeouts);
    const imp = await repo.findImport(trx, iid, importId, true);
    if (!imp) throw notFound('Import');
    if (imp.status === 'committed') return imp;
    if (imp.status === 'superseded') {
      throw stale(
        'A newer import of this school was previewed after this one. Upload the file again.',
      );
    }
    const errors = (imp.counts as ImportSummary['counts']).errors;
    if (errors > 0) {
      throw new AppError(
        'import_has_errors',
        `The file has ${errors} row error(s). Correct them and upload the file again; nothing was changed.`,
      );
    }
    const current: CurrentStudent[] = await repo.loadCurrentStudents(trx, iid, true);
    if (fingerprint(current) !== imp.fingerprint) {
      throw stale(
        'The students of this school changed after this preview (an edit, another import or a new account). Preview the file again.',
      );
    }
    const items = (await repo.itemsToApply(trx, importId)).map(itemRowToPlan);
    const unchanged = (imp.counts as ImportSummary['counts']).unchanged;
    const leavers = body.leavers ?? 'keep';
    const endDate = today(ctx);
    if (leavers === 'end')
      checkLeavers(
        leaversToEnd(items, endDate).length,
        enrolledCount(current, endDate),
        body.expectedLeavers,
      );
    const summary = await applyPlan(trx, ctx, actor, iid, items, {
      leavers,
      endDate,
      source: { source: 'import', importId },
    });
    const who = actorColumns(actor);
    return repo.markCommitted(trx, importId, {
      summary: JSON.stringify({ ...summary, unchanged }),
      leavers,
      leavers_end_date: leavers === 'end' ? endDate : null,
      committed_at: ctx.now(),
      committed_by_kind: who.actor_kind,
      committed_by_name: who.actor_name,
    });
  });
  return toDetail(ctx, row);
}
