import { sql, type Insertable, type Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ImportItemsTable, ImportsTable } from '../../db/types.js';
import type { CurrentStudent } from './plan.js';
import { LISTED_COLUMNS, studentsWithAccount } from '../../db/student-columns.js';
import { activeHolders, type Holder } from '../co-accounts/index.js';

const CHUNK = 1000;

export type ImportRow = Selectable<ImportsTable>;
export type ImportItemRow = Selectable<ImportItemsTable>;

/** The school's students as a plan needs them; locked for the rest of the transaction if asked. */
export async function loadCurrentStudents(
  db: Database,
  iid: string,
  lock = false,
): Promise<CurrentStudent[]> {
  let query = studentsWithAccount(db)
    .select([...LISTED_COLUMNS, 'a.username'])
    .where('s.institution_id', '=', iid);
  if (lock) query = query.forUpdate('s');
  return (await query.execute()) as CurrentStudent[];
}

/**
 * Of `ids`, the students whose end date was last set by a list they were missing from (a file
 * import's or the sync's leavers ended: its latest enrolment change that touched the end date),
 * with the end date they had before it (null: none).
 */
export async function endedByList(
  db: Database,
  iid: string,
  ids: string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{
    student_id: string;
    change: string | null;
    source: string | null;
    before: string | null;
  }>`
    select distinct on (student_id) student_id, detail->>'change' as change,
      detail->>'source' as source, detail->'changes'->0->>'from' as before
    from account_events
    where institution_id = ${iid} and student_id = any(${ids}::uuid[])
      and kind = 'enrolment_changed'
      and detail->'changes' @> '[{"field":"enrolledUntil"}]'::jsonb
    order by student_id, created_at desc, id desc`.execute(db);
  return new Map(
    rows.rows
      .filter((r) => r.change === 'ended' && (r.source === 'import' || r.source === 'api_sync'))
      .map((r) => [r.student_id, r.before]),
  );
}

/** The activated parent co-accounts (slot and the parent's address), per student. */
export async function activeCoAccounts(db: Database, iid: string): Promise<Map<string, Holder[]>> {
  const out = new Map<string, Holder[]>();
  for (const r of await activeHolders(db, { iid })) {
    const list = out.get(r.student_id) ?? [];
    list.push({ slot: r.slot, email: r.email });
    out.set(r.student_id, list);
  }
  return out;
}

/** created_at is left to the database clock, so the list order follows real time. */
export function insertImport(db: Database, values: Insertable<ImportsTable>) {
  return db.insertInto('imports').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertItems(db: Database, items: Insertable<ImportItemsTable>[]) {
  for (let i = 0; i < items.length; i += CHUNK) {
    await db
      .insertInto('import_items')
      .values(items.slice(i, i + CHUNK))
      .execute();
  }
}

/** Older previews of the school can no longer be committed; their planned rows are dropped. */
export async function supersedePreviews(db: Database, iid: string, keepId: string) {
  const old = await db
    .updateTable('imports')
    .set({ status: 'superseded' })
    .where('institution_id', '=', iid)
    .where('status', '=', 'previewed')
    .where('id', '!=', keepId)
    .returning('id')
    .execute();
  if (old.length) {
    await db
      .deleteFrom('import_items')
      .where(
        'import_id',
        'in',
        old.map((o) => o.id),
      )
      .execute();
  }
}

export function findImport(db: Database, iid: string, id: string, lock = false) {
  let query = db
    .selectFrom('imports')
    .selectAll()
    .where('institution_id', '=', iid)
    .where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function listImports(db: Database, iid: string, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('imports')
      .selectAll()
      .where('institution_id', '=', iid)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('imports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('institution_id', '=', iid)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function listItems(
  db: Database,
  importId: string,
  filter: { kind?: ImportItemsTable['kind']; warnings?: boolean },
  limit: number,
  offset: number,
) {
  let base = db.selectFrom('import_items').where('import_id', '=', importId);
  if (filter.kind) base = base.where('kind', '=', filter.kind);
  if (filter.warnings)
    base = base.where(
      sql<boolean>`jsonb_array_length(coalesce(data->'warnings', '[]'::jsonb)) > 0`,
    );
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('seq').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function itemsToApply(db: Database, importId: string) {
  return db
    .selectFrom('import_items')
    .selectAll()
    .where('import_id', '=', importId)
    .where('kind', 'in', ['create', 'update', 'leaving'])
    .orderBy('seq')
    .execute();
}

export function markCommitted(
  db: Database,
  id: string,
  values: Pick<
    Insertable<ImportsTable>,
    | 'summary'
    | 'leavers'
    | 'leavers_end_date'
    | 'committed_at'
    | 'committed_by_kind'
    | 'committed_by_name'
  >,
) {
  return db
    .updateTable('imports')
    .set({ ...values, status: 'committed' })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Imports done with by `cutoff`: committed before it, or never committed and started before it. */
function finishedBefore(db: Database, cutoff: Date) {
  return db
    .selectFrom('imports')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('committed_at', '<', cutoff),
        eb.and([eb('status', '!=', 'committed'), eb('created_at', '<', cutoff)]),
      ]),
    );
}

/**
 * Purge job: the planned rows (names, e-mails, birth dates of a whole file) of imports that were
 * committed or superseded before `cutoff`, and previews left unused since then (closed as
 * superseded: their fingerprint is long stale). The import rows and their summaries stay, so the
 * list of last imports still shows them. A dry run counts.
 */
export async function purgeFinishedPreviews(
  db: Database,
  cutoff: Date,
  dryRun: boolean,
): Promise<{ importItems: number; previewsClosed: number }> {
  if (dryRun) {
    const items = await db
      .selectFrom('import_items')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('import_id', 'in', finishedBefore(db, cutoff))
      .executeTakeFirstOrThrow();
    const previews = await db
      .selectFrom('imports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'previewed')
      .where('created_at', '<', cutoff)
      .executeTakeFirstOrThrow();
    return { importItems: Number(items.n), previewsClosed: Number(previews.n) };
  }
  return db.transaction().execute(async (trx) => {
    const closed = await trx
      .updateTable('imports')
      .set({ status: 'superseded' })
      .where('status', '=', 'previewed')
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    const items = await trx
      .deleteFrom('import_items')
      .where('import_id', 'in', finishedBefore(trx, cutoff))
      .executeTakeFirst();
    return {
      importItems: Number(items.numDeletedRows),
      previewsClosed: Number(closed.numUpdatedRows),
    };
  });
}

/** An erased student's rows in import previews (they hold the file's names and dates). */
export async function forgetStudentRows(
  db: Database,
  iid: string,
  sid: string,
  stamnummer: string,
) {
  const r = await db
    .deleteFrom('import_items')
    .where((eb) =>
      eb.or([
        eb('student_id', '=', sid),
        eb.and([
          eb('stamnummer', '=', stamnummer),
          eb(
            'import_id',
            'in',
            eb.selectFrom('imports').select('id').where('institution_id', '=', iid),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
