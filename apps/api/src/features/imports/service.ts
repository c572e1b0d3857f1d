import { allowLongWork } from '../../db/long-work.js';
import { Compile } from 'typebox/compile';
import type { Actor, AppContext } from '../../context.js';
import { AppError, assertId, notFound } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import { fieldsToRow } from '../students/service.js';
import { actorColumns } from '../history/service.js';
import { applyPlan, checkLeavers, enrolledCount, isMassEnding, leaversToEnd } from './apply.js';
import { detectColumns, manualColumns, type ManualMapping } from './parse/columns.js';
import { parseCsv } from './parse/csv.js';
import { sniff } from './parse/sniff.js';
import { MAX_ROWS, tooManyRows, type TableRow } from './parse/table.js';
import { readXlsx } from './parse/xlsx.js';
import {
  fingerprint,
  planChanges,
  type CurrentStudent,
  type IncomingStudent,
  type PlanItem,
} from './plan.js';
import * as repo from './repository.js';
import { convertRows, type RowError, type RowStudent } from './rows.js';
import {
  ImportMappingSchema,
  type CommitBody,
  type CommitSummary,
  type ImportDetail,
  type ImportItem,
  type ImportItemsQuery,
  type ImportSummary,
} from './schemas.js';

export interface Upload {
  fileName: string | null;
  data: Buffer;
  mapping?: string;
}

type ImportRow = repo.ImportRow;
type ItemRow = repo.ImportItemRow;

/** Row errors kept per import; the count stays exact beyond it. */
const MAX_STORED_ERRORS = 1000;
const KIND_ORDER = { create: 0, update: 1, unchanged: 2, leaving: 3 } as const;
const checkMapping = Compile(ImportMappingSchema);

const today = (ctx: AppContext) => brusselsDate(ctx.now());

function parseMapping(raw: string | undefined): ManualMapping | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AppError('validation_failed', 'The mapping is not valid JSON.', [
      { path: 'mapping', message: 'must be JSON' },
    ]);
  }
  if (!checkMapping.Check(value)) {
    const errors = [...checkMapping.Errors(value)].map((e) => ({
      path: `mapping${e.instancePath.replaceAll('/', '.')}`,
      message: e.message,
    }));
    throw new AppError('validation_failed', 'The mapping is not valid.', errors);
  }
  return value as ManualMapping;
}

async function readTable(data: Buffer) {
  const sniffed = sniff(data);
  if (sniffed.kind === 'xlsx') {
    const { rows, sheet } = await readXlsx(data);
    return { rows, format: 'xlsx' as const, encoding: null, delimiter: null, sheet };
  }
  const { rows, delimiter } = parseCsv(sniffed.text);
  return { rows, format: 'csv' as const, encoding: sniffed.encoding, delimiter, sheet: null };
}

function toIncoming(s: RowStudent): IncomingStudent {
  return {
    row: s.row,
    stamnummer: s.body.stamnummer,
    values: fieldsToRow(s.body),
    ...(s.emailSlots ? { emailSlots: s.emailSlots } : {}),
  };
}

/** A changed address on a slot whose parent already activated a co-account deserves a look. */
function warnAboutCoAccounts(items: PlanItem[], activeSlots: Map<string, number[]>) {
  for (const item of items) {
    const slots = item.studentId ? activeSlots.get(item.studentId) : undefined;
    const change = item.changes.find((c) => c.field === 'parentEmails');
    if (!slots || !change || item.kind !== 'update') continue;
    const from = (change.from as string[]) ?? [];
    const to = (change.to as string[]) ?? [];
    for (const slot of slots) {
      const before = from[slot - 1] ?? null;
      const after = to[slot - 1] ?? null;
      if ((before ?? '').toLowerCase() === (after ?? '').toLowerCase()) continue;
      item.warnings.push({
        code: 'co_account_email_changed',
        params: { slot: String(slot), email: after ?? '' },
        message: after
          ? `Co-account ${slot} is actief. De ouder blijft gewoon inloggen, maar wachtwoordherstel gaat voortaan naar ${after}.`
          : `Co-account ${slot} is actief. De ouder blijft gewoon inloggen, maar er is geen e-mailadres meer voor wachtwoordherstel.`,
      });
    }
  }
}

function errorItem(e: RowError) {
  return {
    kind: 'error' as const,
    row_number: e.row,
    stamnummer: null,
    student_id: null,
    data: JSON.stringify({
      error: { column: e.column, field: e.field, code: e.code, message: e.message, value: e.value },
    }),
  };
}

function planItem(i: PlanItem) {
  return {
    kind: i.kind,
    row_number: i.row,
    stamnummer: i.stamnummer,
    student_id: i.studentId,
    data: JSON.stringify({
      after: i.after,
      changes: i.changes,
      warnings: i.warnings,
      returning: i.returning,
    }),
  };
}

export function itemRowToPlan(r: ItemRow): PlanItem {
  const d = r.data as unknown as Pick<PlanItem, 'after' | 'changes' | 'warnings' | 'returning'>;
  return {
    kind: r.kind as PlanItem['kind'],
    row: r.row_number,
    stamnummer: r.stamnummer!,
    studentId: r.student_id,
    after: d.after,
    changes: d.changes,
    warnings: d.warnings,
    returning: d.returning,
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

async function toDetail(ctx: AppContext, r: ImportRow): Promise<ImportDetail> {
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

/** Reads the file, compares it with the school's students and stores the preview. Applies nothing. */
export async function preview(
  ctx: AppContext,
  actor: Actor,
  iid: string,
  upload: Upload,
): Promise<ImportDetail> {
  const mapping = parseMapping(upload.mapping);
  const table = await readTable(upload.data);
  if (!table.rows.length) {
    throw new AppError('empty_file', 'The file contains no data.', undefined, {
      reason: 'empty_file',
    });
  }
  const columns = mapping ? manualColumns(table.rows, mapping) : detectColumns(table.rows);
  const converted = convertRows(table.rows as TableRow[], columns);
  if (converted.dataRows === 0) {
    throw new AppError(
      'empty_file',
      'The file has a header row but no students below it.',
      undefined,
      {
        reason: 'no_rows',
      },
    );
  }
  if (converted.dataRows > MAX_ROWS) throw tooManyRows();

  const [current, activeSlots] = await Promise.all([
    repo.loadCurrentStudents(ctx.db, iid),
    repo.activeCoAccountSlots(ctx.db, iid),
  ]);
  const day = today(ctx);
  const plan = planChanges(current, converted.students.map(toIncoming), {
    today: day,
    inFile: converted.stamnummers,
  });
  warnAboutCoAccounts(plan, activeSlots);
  plan.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.row ?? 0) - (b.row ?? 0));
  const count = (kind: PlanItem['kind']) => plan.filter((i) => i.kind === kind).length;
  const counts = {
    create: count('create'),
    update: count('update'),
    unchanged: count('unchanged'),
    leaving: count('leaving'),
    enrolled: enrolledCount(current, day),
    errors: converted.errors.length,
    warnings: plan.filter((i) => i.warnings.length).length,
  };
  const items = [
    ...converted.errors.slice(0, MAX_STORED_ERRORS).map(errorItem),
    ...plan.map(planItem),
  ];

  const row = await ctx.db.transaction().execute(async (trx) => {
    await allowLongWork(trx, ctx.config.databaseTimeouts);
    const created = await repo.insertImport(trx, {
      institution_id: iid,
      source: 'upload',
      status: 'previewed',
      file_name: upload.fileName?.slice(0, 255) ?? null,
      file_size: upload.data.length,
      format: table.format,
      encoding: table.encoding,
      delimiter: table.delimiter,
      sheet_name: table.sheet,
      header_row: table.rows[columns.headerRowIndex]!.number,
      row_count: converted.dataRows,
      columns: JSON.stringify(columns.columns),
      counts: JSON.stringify(counts),
      fingerprint: fingerprint(current),
      ...actorColumns(actor),
    });
    await repo.insertItems(
      trx,
      items.map((item, i) => ({ ...item, import_id: created.id, seq: i + 1 })),
    );
    await repo.supersedePreviews(trx, iid, created.id);
    return created;
  });
  return toDetail(ctx, row);
}

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
