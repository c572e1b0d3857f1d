import { allowLongWork } from '../../db/long-work.js';
import { Compile } from 'typebox/compile';
import type { Actor, AppContext } from '../../context.js';
import { AppError, ROW_CODES } from '../../platform/errors/index.js';
import { brusselsDate } from '../../platform/time/index.js';
import { takeSlots, type SlotLimit } from '../../platform/throttles/index.js';
import type { Holder } from '../co-accounts/index.js';
import { fieldsToRow } from '../students/index.js';
import { actorColumns } from '../history/index.js';
import { enrolledCount } from './apply.js';
import { detectColumns, manualColumns, type ManualMapping } from './parse/columns.js';
import { MAX_ROWS, tooManyRows, type TableRow } from './parse/table.js';
import type { ParsePool } from './parse-pool.js';
import { fingerprint, planChanges, type IncomingStudent, type PlanItem } from './plan.js';
import * as repo from './repository.js';
import { convertRows, type RowError, type RowStudent } from './rows.js';
import { ImportMappingSchema, type ImportDetail } from './schemas.js';
import { KIND_ORDER, toDetail } from './views.js';

export interface Upload {
  fileName: string | null;
  data: Buffer;
  mapping?: string;
}

/** Row errors kept per import; the count stays exact beyond it. */
const MAX_STORED_ERRORS = 1000;

const checkMapping = Compile(ImportMappingSchema);

export const today = (ctx: AppContext) => brusselsDate(ctx.now());

function parseMapping(raw: string | undefined): ManualMapping | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AppError('validation_failed', ROW_CODES.mapping_not_json.message, [
      { path: 'mapping', message: ROW_CODES.mapping_not_json.message.en, code: 'mapping_not_json' },
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

function toIncoming(s: RowStudent): IncomingStudent {
  return {
    row: s.row,
    stamnummer: s.body.stamnummer,
    values: fieldsToRow(s.body),
    ...(s.emailSlots ? { emailSlots: s.emailSlots } : {}),
  };
}

/** A changed address on a slot whose parent already activated a co-account deserves a look. */
function warnAboutCoAccounts(items: PlanItem[], active: Map<string, Holder[]>) {
  for (const item of items) {
    const slots = item.studentId ? active.get(item.studentId)?.map((h) => h.slot) : undefined;
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
          ? `Co-account ${slot} is actief. De ouder blijft gewoon inloggen; een nieuw wachtwoord via ${after} kan pas nadat je dat adres bevestigt bij de co-accounts van de leerling.`
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
      ...(i.returning ? { holdsAccount: !!i.holdsAccount } : {}),
    }),
  };
}

function countKinds(plan: PlanItem[]) {
  const count = (kind: PlanItem['kind']) => plan.filter((i) => i.kind === kind).length;
  return {
    create: count('create'),
    update: count('update'),
    unchanged: count('unchanged'),
    leaving: count('leaving'),
  };
}

/** The upload as rows of students, with its table and columns; an empty or oversized file is refused. */
async function readUpload(upload: Upload, pool: ParsePool) {
  const mapping = parseMapping(upload.mapping);
  // In a worker thread: a 20,000-row workbook is seconds of CPU (parse-pool.ts).
  const table = await pool.read(upload.data);
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
  return { table, columns, converted };
}

/**
 * Previews read at once in this process, and how many may wait for a turn; beyond that the
 * answer is 503 with Retry-After. Reading a workbook (exceljs, in the parse pool's worker) takes
 * seconds of CPU and hundreds of MB, so previews in parallel only add up for every other school: four hostile ones at once took 1 GB and kept
 * /api/health waiting 10 s. In memory, per instance, like the password checks in flight.
 * Mutable for tests.
 */
export const PREVIEW_POLICY: SlotLimit = { running: 2, waiting: 4 };
const PREVIEW_RETRY_AFTER_SECONDS = 10;

const previewsBusy = () =>
  new AppError(
    'unavailable',
    {
      nl: 'Er worden nu te veel leerlingenlijsten tegelijk ingelezen. Probeer het over enkele seconden opnieuw; er is niets bewaard.',
      fr: 'Trop de listes d’élèves sont lues en même temps. Réessayez dans quelques secondes ; rien n’a été enregistré.',
      en: 'Too many student lists are being read at the same time. Try again in a few seconds; nothing was stored.',
    },
    undefined,
    { reason: 'previews_busy', retryAfterSeconds: PREVIEW_RETRY_AFTER_SECONDS },
  );

/** previewNow once one of the preview places (PREVIEW_POLICY) is free; 503 when none is. */
export async function preview(...args: Parameters<typeof previewNow>): Promise<ImportDetail> {
  const free = await takeSlots([{ key: 'import-preview', limit: PREVIEW_POLICY }]);
  if (!free) throw previewsBusy();
  try {
    return await previewNow(...args);
  } finally {
    free();
  }
}

/** Reads the file, compares it with the school's students and stores the preview. Applies nothing. */
async function previewNow(
  ctx: AppContext,
  actor: Actor,
  iid: string,
  upload: Upload,
  pool: ParsePool,
): Promise<ImportDetail> {
  const { table, columns, converted } = await readUpload(upload, pool);
  const [current, active] = await Promise.all([
    repo.loadCurrentStudents(ctx.db, iid),
    repo.activeCoAccounts(ctx.db, iid),
  ]);
  const day = today(ctx);
  // Listed students whose end date still to come was set by a list without them (found by an
  // outside test: ended by this morning's import, listed again, they still left tonight).
  const pending = current.filter(
    (s) =>
      s.enrolled_until !== null &&
      s.enrolled_until >= day &&
      converted.stamnummers.has(s.stamnummer),
  );
  const plan = planChanges(current, converted.students.map(toIncoming), {
    today: day,
    inFile: converted.stamnummers,
    coAccounts: active,
    endedByList: await repo.endedByList(
      ctx.db,
      iid,
      pending.map((s) => s.id),
    ),
  });
  warnAboutCoAccounts(plan, active);
  plan.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.row ?? 0) - (b.row ?? 0));
  const counts = {
    ...countKinds(plan),
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
