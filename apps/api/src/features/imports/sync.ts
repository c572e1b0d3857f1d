import { allowLongWork } from '../../db/long-work.js';
import { randomUUID } from 'node:crypto';
import type { Actor, AppContext } from '../../context.js';
import type { Database } from '../../db/database.js';
import { AppError, type FieldError } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import { actorColumns } from '../history/index.js';
import { fieldsToRow } from '../students/index.js';
import {
  applyPlan,
  type ApplyOptions,
  changeList,
  checkLeavers,
  enrolledCount,
  leaversToEnd,
  summarise,
} from './apply.js';
import { planChanges, type IncomingStudent, type PlanItem } from './plan.js';
import * as repo from './repository.js';
import type { SyncBody, SyncResult } from './commit-schemas.js';

// The whole student list from a third-party tool, validated like one PUT by-stamnummer per
// student, applied in one transaction. Recorded as an import (source: api) for the history list.

/** The names every student needs: the column, and the field an error names. */
const NAME_FIELDS = [
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
] as const;

function validate(body: SyncBody): IncomingStudent[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const incoming = body.students.map((s, i) => {
    const first = seen.get(s.stamnummer);
    if (first !== undefined) {
      errors.push({
        path: `body.students.${i}.stamnummer`,
        message: `duplicates body.students.${first}`,
        code: 'duplicate_stamnummer',
        params: { row: first + 1 },
      });
    } else seen.set(s.stamnummer, i);
    const values = fieldsToRow(s);
    for (const [column, field] of NAME_FIELDS)
      if (!values[column])
        errors.push({
          path: `body.students.${i}.${field}`,
          message: 'Must not be blank.',
          code: 'blank_name',
          params: {},
        });
    return { row: null, stamnummer: s.stamnummer, values };
  });
  if (errors.length) {
    throw new AppError(
      'validation_failed',
      {
        nl: `${errors.length} fout(en) in de lijst; er werd niets gewijzigd.`,
        fr: `${errors.length} erreur(s) dans la liste ; rien n'a été modifié.`,
        en: `${errors.length} problem(s) in the list; nothing was changed.`,
      },
      errors.slice(0, 200),
    );
  }
  return incoming;
}

export async function sync(
  ctx: AppContext,
  actor: Actor,
  iid: string,
  body: SyncBody,
  dryRun: boolean,
): Promise<SyncResult> {
  const incoming = validate(body);
  const today = brusselsDate(ctx.now());
  // Defaults never end what the caller did not name (DESIGN §5): leavers stay unless asked.
  const opts = {
    leavers: body.leavers ?? ('keep' as const),
    endDate: body.leaversEndDate ?? today,
  };
  return ctx.db.transaction().execute(async (trx) => {
    await allowLongWork(trx, ctx.config.databaseTimeouts);
    const current = await repo.loadCurrentStudents(trx, iid, !dryRun);
    // Fields left out keep their value: an omitted enrolledUntil does not re-enrol a leaver.
    const items = planChanges(current, incoming, {
      today,
      leavingDate: opts.endDate,
      reopenListed: false,
      coAccounts: await repo.activeCoAccounts(trx, iid),
    });
    if (opts.leavers === 'end' && !dryRun)
      checkLeavers(
        leaversToEnd(items, opts.endDate).length,
        enrolledCount(current, today),
        body.expectedLeavers,
      );
    if (dryRun) {
      return {
        importId: null,
        dryRun,
        summary: summarise(items, opts),
        changes: changeList(items, opts),
      };
    }
    const { importId, summary } = await commitSync(trx, ctx, actor, iid, items, {
      ...opts,
      rowCount: incoming.length,
    });
    return { importId, dryRun, summary, changes: changeList(items, opts) };
  });
}

/** Writes the plan and records the sync as a committed import (source: api). */
async function commitSync(
  trx: Database,
  ctx: AppContext,
  actor: Actor,
  iid: string,
  items: PlanItem[],
  opts: Pick<ApplyOptions, 'leavers' | 'endDate'> & { rowCount: number },
) {
  const importId = randomUUID();
  const summary = await applyPlan(trx, ctx, actor, iid, items, {
    leavers: opts.leavers,
    endDate: opts.endDate,
    source: { source: 'api_sync', importId },
  });
  const who = actorColumns(actor);
  const now = ctx.now();
  await repo.insertImport(trx, {
    id: importId,
    institution_id: iid,
    source: 'api',
    status: 'committed',
    format: 'json',
    row_count: opts.rowCount,
    counts: JSON.stringify({
      create: summary.created,
      update: summary.updated + summary.reactivated,
      unchanged: summary.unchanged,
      leaving: items.filter((i) => i.kind === 'leaving').length,
      errors: 0,
      warnings: items.filter((i) => i.warnings.length).length,
    }),
    leavers: opts.leavers,
    leavers_end_date: opts.leavers === 'end' ? opts.endDate : null,
    summary: JSON.stringify(summary),
    ...who,
    committed_at: now,
    committed_by_kind: who.actor_kind,
    committed_by_name: who.actor_name,
  });
  return { importId, summary };
}
