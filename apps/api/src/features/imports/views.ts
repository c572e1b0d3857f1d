import type { AppContext } from '../../context.js';
import { assertId, notFound } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import { isMassEnding } from './apply.js';
import { type PlanItem } from './plan.js';
import * as repo from './repository.js';
import type { CommitSummary } from './commit-schemas.js';
import {
  type ImportDetail,
  type ImportItem,
  type ImportItemsQuery,
  type ImportSummary,
} from './schemas.js';

type ImportRow = repo.ImportRow;
type ItemRow = repo.ImportItemRow;

export const KIND_ORDER = { create: 0, update: 1, unchanged: 2, leaving: 3 } as const;

const today = (ctx: AppContext) => brusselsDate(ctx.now());

export function itemRowToPlan(r: ItemRow): PlanItem {
  const d = r.data as unknown as Pick<
    PlanItem,
    'after' | 'changes' | 'warnings' | 'returning' | 'holdsAccount'
  >;
  return {
    kind: r.kind as PlanItem['kind'],
    row: r.row_number,
    stamnummer: r.stamnummer!,
    studentId: r.student_id,
    after: d.after,
    changes: d.changes,
    warnings: d.warnings,
    returning: d.returning,
    // A preview stored before holdsAccount existed held every returning student's account.
    holdsAccount: d.holdsAccount ?? d.returning,
  };
}

function toItem(r: ItemRow): ImportItem {
  const d = r.data as {
    after?: { first_name: string; last_name: string; group_name: string };
    changes?: ImportItem['changes'];
    warnings?: ImportItem['warnings'];
    returning?: boolean;
    error?: ImportItem['error'];
  };
  return {
    seq: r.seq,
    kind: r.kind,
    row: r.row_number,
    stamnummer: r.stamnummer,
    studentId: r.student_id,
    firstName: d.after?.first_name ?? null,
    lastName: d.after?.last_name ?? null,
    group: d.after?.group_name ?? null,
    changes: d.changes ?? [],
    warnings: d.warnings ?? [],
    returning: d.returning ?? false,
    error: d.error ?? null,
  };
}

function toSummary(r: ImportRow): ImportSummary {
  const counts = r.counts as ImportSummary['counts'];
  return {
    id: r.id,
    status: r.status,
    source: r.source,
    fileName: r.file_name,
    fileSize: r.file_size,
    format: r.format as ImportSummary['format'],
    rowCount: r.row_count,
    counts,
    canCommit: r.status === 'previewed' && counts.errors === 0,
    createdAt: r.created_at.toISOString(),
    createdBy: { kind: r.actor_kind, name: r.actor_name },
    committedAt: r.committed_at?.toISOString() ?? null,
    committedBy: r.committed_by_kind
      ? { kind: r.committed_by_kind, name: r.committed_by_name }
      : null,
    summary: (r.summary as CommitSummary | null) ?? null,
  };
}

export async function toDetail(ctx: AppContext, r: ImportRow): Promise<ImportDetail> {
  const errors = await repo.listItems(ctx.db, r.id, { kind: 'error' }, 100, 0);
  return {
    ...toSummary(r),
    importId: r.id,
    encoding: r.encoding,
    delimiter: r.delimiter,
    sheet: r.sheet_name,
    headerRow: r.header_row,
    columns: r.columns as ImportDetail['columns'],
    leaversEndDate:
      r.status === 'committed' ? r.leavers_end_date : r.status === 'previewed' ? today(ctx) : null,
    // Older previews did not record the enrolled count: they ask, to be safe.
    leaversNeedConfirmation: isMassEnding(
      (r.counts as ImportSummary['counts']).leaving,
      (r.counts as ImportSummary['counts']).enrolled ?? 0,
    ),
    errors: errors.rows.map(toItem),
  };
}

export async function list(ctx: AppContext, iid: string, page: number, pageSize: number) {
  const { rows, total } = await repo.listImports(ctx.db, iid, pageSize, (page - 1) * pageSize);
  return { items: rows.map(toSummary), total, page, pageSize };
}

async function found(ctx: AppContext, iid: string, importId: string) {
  assertId(importId, 'Import');
  const row = await repo.findImport(ctx.db, iid, importId);
  if (!row) throw notFound('Import');
  return row;
}

export async function detail(ctx: AppContext, iid: string, importId: string) {
  return toDetail(ctx, await found(ctx, iid, importId));
}

export async function items(
  ctx: AppContext,
  iid: string,
  importId: string,
  query: ImportItemsQuery,
) {
  await found(ctx, iid, importId);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const filter = {
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.warnings ? { warnings: true } : {}),
  };
  const { rows, total } = await repo.listItems(
    ctx.db,
    importId,
    filter,
    pageSize,
    (page - 1) * pageSize,
  );
  return { items: rows.map(toItem), total, page, pageSize };
}
