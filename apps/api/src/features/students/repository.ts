import {
  CompiledQuery,
  sql,
  type Expression,
  type ExpressionBuilder,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { Database } from '../../db/database.js';
import { prepareStatement, preparedQuery, runCompiled } from '../../db/prepared.js';
import type { DB, NewStudent, StudentUpdate } from '../../db/types.js';
import { statusExpression } from '../../db/student-columns.js';
import { foldForSearch } from '@schoolloket/core';
import { escapeLike, searchKey } from './search-text.js';

export interface StudentFilterInput {
  q?: string;
  group?: string;
  status?: 'none' | 'active' | 'inactive' | 'blocked';
  type?: 'basic' | 'advanced' | 'none';
  ids?: string[];
}

export type SortKey = 'stamnummer' | 'firstName' | 'lastName' | 'group' | 'status' | 'type';

type EB = ExpressionBuilder<DB & { s: DB['students']; a: DB['accounts'] }, 's' | 'a'>;

/** A filter with its search words already folded: what the WHERE clause is built from. */
interface FilterValues {
  iid: string;
  ids?: string[];
  group?: string;
  type?: 'basic' | 'advanced' | 'none';
  status?: string;
  today: string;
  /** Per search word: the stamnummer prefix pattern and the search-text pattern (null: none). */
  words: Array<{ stamnummer: string; name: string | null }>;
  /** The username prefix pattern, when the whole query may be a username. */
  username: string | null;
}

function filterValues(iid: string, filter: StudentFilterInput, today: string): FilterValues {
  const folded = foldForSearch(filter.q ?? '');
  const words = folded
    .split(' ')
    .filter(Boolean)
    .map((token) => {
      // Stamnummers keep their punctuation ("E2E-10"); names are compared without it.
      const key = searchKey(token);
      return { stamnummer: `${escapeLike(token)}%`, name: key ? `%${escapeLike(key)}%` : null };
    });
  // The whole query may also be (the start of) a username, dots included.
  const username =
    words.length && folded && !folded.includes(' ') ? `${escapeLike(folded)}%` : null;
  return { ...filter, iid, today, words, username };
}

function whereOf(eb: EB, f: FilterValues): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('s.institution_id', '=', f.iid)];
  if (f.ids) conditions.push(f.ids.length ? eb('s.id', 'in', f.ids) : sql<boolean>`false`);
  if (f.group !== undefined) conditions.push(eb('s.group_name', '=', f.group));
  if (f.type === 'none') conditions.push(eb('a.student_id', 'is', null));
  else if (f.type) conditions.push(eb('a.type', '=', f.type as 'basic'));
  if (f.status) conditions.push(eb(statusExpression(f.today), '=', f.status as 'active'));
  const words = f.words.map(({ stamnummer, name }) => {
    const byStamnummer = eb(eb.fn('lower', ['s.stamnummer']), 'like', stamnummer);
    return name ? eb.or([byStamnummer, eb('s.search_text', 'like', name)]) : byStamnummer;
  });
  if (words.length && f.username !== null)
    conditions.push(eb.or([eb.and(words), eb('a.username', 'like', f.username)]));
  else conditions.push(...words);
  return eb.and(conditions);
}

function filterWhere(
  eb: EB,
  iid: string,
  filter: StudentFilterInput,
  today: string,
): Expression<SqlBool> {
  return whereOf(eb, filterValues(iid, filter, today));
}

/**
 * Stamnummers that are numbers sort as numbers (50000 before 101034): zero-padded to 20 digits
 * they compare right as text; other stamnummers follow them in text order.
 */
const stamnummerOrder = sql<string>`case when s.stamnummer ~ '^[0-9]{1,20}$' then lpad(s.stamnummer, 20, '0') else s.stamnummer end`;

/** The same key in JavaScript, for the cursor of a page sorted by stamnummer. */
export function stamnummerSortKey(stamnummer: string): string {
  return /^[0-9]{1,20}$/.test(stamnummer) ? stamnummer.padStart(20, '0') : stamnummer;
}

const SORT_COLUMNS: Record<Exclude<SortKey, 'status' | 'stamnummer'>, string> = {
  firstName: 's.first_name',
  lastName: 's.last_name',
  group: 's.group_name',
  type: 'a.type',
};

function baseQuery(db: Database) {
  return db.selectFrom('students as s').leftJoin('accounts as a', 'a.student_id', 's.id');
}

/**
 * Where a page starts when it follows another (keyset pagination): the previous page's last row,
 * as its sort key and the name-and-id tie-breakers. Deep pages then cost what the first one does.
 */
export interface ListCursor {
  key: string | null;
  lastName: string;
  firstName: string;
  id: string;
}

export type ListOptions = {
  today: string;
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  after?: ListCursor;
};

/** A row of the list, already in the API's field names (no mapping object per row). */
export interface ListedStudentRow {
  id: string;
  stamnummer: string;
  firstName: string;
  lastName: string;
  group: string;
  officialFirstName: string | null;
  officialLastName: string | null;
  gender: string | null;
  birthDate: string | null;
  enrolledUntil: string | null;
  parentEmails: string[];
  locale: string | null;
  status: 'none' | 'active' | 'inactive' | 'blocked';
  accountType: 'basic' | 'advanced' | null;
  username: string | null;
  lastLoginAt: Date | string | null;
}

function sortKeyExpression(sort: SortKey) {
  const status = statusExpression(SLOT.today);
  return sort === 'status'
    ? status
    : sort === 'stamnummer'
      ? stamnummerOrder
      : sql.ref<string>(SORT_COLUMNS[sort]);
}

/**
 * Rows after the cursor in the list's order: (key nulls last, last name, first name) in the
 * requested direction, then id ascending. Sorted by last name (the usual page) the condition is
 * a row comparison the name indexes can start from.
 */
function afterCursor(eb: EB, sort: SortKey, order: 'asc' | 'desc', keyIsNull: boolean) {
  const after = order === 'asc' ? '>' : '<';
  const ln = eb.ref('s.last_name');
  const fn = eb.ref('s.first_name');
  const names =
    order === 'asc'
      ? sql<SqlBool>`(s.last_name, s.first_name, s.id) > (${SLOT.lastName}, ${SLOT.firstName}, ${SLOT.id})`
      : eb.or([
          eb(ln, '<', SLOT.lastName),
          eb.and([
            eb(ln, '=', SLOT.lastName),
            eb.or([
              eb(fn, '<', SLOT.firstName),
              eb.and([eb(fn, '=', SLOT.firstName), eb('s.id', '>', SLOT.id)]),
            ]),
          ]),
        ]);
  if (sort === 'lastName') return names;
  const key = sortKeyExpression(sort) as Expression<string>;
  if (keyIsNull) return eb.and([eb(key, 'is', null), names]);
  return eb.or([
    eb(key, after, SLOT.key),
    eb(key, 'is', null),
    eb.and([eb(key, '=', SLOT.key), names]),
  ]);
}

/**
 * Placeholders: each statement of the list is built and compiled once per query shape with these
 * in place of the values, and the request's values are bound to them at run time.
 */
const slot = (name: string) => `\u0000slot:${name}`;
const SLOT = {
  iid: slot('iid'),
  group: slot('group'),
  type: slot('type'),
  status: slot('status'),
  today: slot('today'),
  username: slot('username'),
  limit: slot('limit'),
  offset: slot('offset'),
  key: slot('key'),
  lastName: slot('lastName'),
  firstName: slot('firstName'),
  id: slot('id'),
} as const;
const wordSlot = (i: number, part: 'stamnummer' | 'name') => slot(`w${i}${part}`);

interface Statement {
  sql: string;
  /** Per parameter: the slot whose value goes there, or a constant of the text. */
  params: Array<{ slot: string } | { value: unknown }>;
}

const statements = new Map<string, Statement>();
const MAX_SHAPES = 500;

function statement(shape: string, build: () => { compile(): CompiledQuery }): Statement {
  let found = statements.get(shape);
  if (found) return found;
  const compiled = build().compile();
  found = {
    sql: compiled.sql,
    params: compiled.parameters.map((p) =>
      typeof p === 'string' && p.startsWith('\u0000slot:')
        ? { slot: p.slice('\u0000slot:'.length) }
        : { value: p },
    ),
  };
  // Shapes are few (filters present, number of search words, sort, order, cursor); a query with
  // many search words is still served, only not kept.
  if (statements.size < MAX_SHAPES) {
    statements.set(shape, found);
    prepareStatement(found.sql);
  }
  return found;
}

async function run<R>(db: Database, st: Statement, values: Record<string, unknown>): Promise<R[]> {
  const params = new Array<unknown>(st.params.length);
  for (let i = 0; i < params.length; i++) {
    const p = st.params[i]!;
    params[i] = 'slot' in p ? values[p.slot] : p.value;
  }
  return runCompiled<R>(db, st.sql, params);
}

function slotFilter(f: FilterValues): FilterValues {
  return {
    iid: SLOT.iid,
    today: SLOT.today,
    ...(f.group !== undefined ? { group: SLOT.group } : {}),
    ...(f.type ? { type: f.type === 'none' ? 'none' : (SLOT.type as 'basic') } : {}),
    ...(f.status ? { status: SLOT.status } : {}),
    words: f.words.map((w, i) => ({
      stamnummer: wordSlot(i, 'stamnummer'),
      name: w.name === null ? null : wordSlot(i, 'name'),
    })),
    username: f.username === null ? null : SLOT.username,
  };
}

function filterShape(f: FilterValues): string {
  return [
    f.group !== undefined ? 'g' : '',
    f.type === 'none' ? 'n' : f.type ? 't' : '',
    f.status ? 's' : '',
    f.words.map((w) => (w.name === null ? '0' : '1')).join(''),
    f.username === null ? '' : 'u',
  ].join(',');
}

function slotValues(f: FilterValues): Record<string, unknown> {
  const values: Record<string, unknown> = {
    iid: f.iid,
    today: f.today,
    group: f.group,
    type: f.type,
    status: f.status,
    username: f.username,
  };
  f.words.forEach((w, i) => {
    values[`w${i}stamnummer`] = w.stamnummer;
    values[`w${i}name`] = w.name;
  });
  return values;
}

function pageStatement(db: Database, f: FilterValues, opts: ListOptions): Statement {
  const cursor = opts.after ? (opts.after.key === null ? 'c0' : 'c1') : '';
  return statement(`page;${filterShape(f)};${opts.sort};${opts.order};${cursor}`, () => {
    const slots = slotFilter(f);
    const status = statusExpression(SLOT.today);
    let query = baseQuery(db)
      .select([
        's.id',
        's.stamnummer',
        's.first_name as firstName',
        's.last_name as lastName',
        's.group_name as group',
        's.official_first_name as officialFirstName',
        's.official_last_name as officialLastName',
        's.gender',
        's.birth_date as birthDate',
        's.enrolled_until as enrolledUntil',
        's.parent_emails as parentEmails',
        's.locale',
        status.as('status'),
        'a.type as accountType',
        'a.username',
        'a.last_login_at as lastLoginAt',
      ])
      .where((eb) => whereOf(eb as EB, slots));
    if (opts.after)
      query = query.where((eb) =>
        afterCursor(eb as EB, opts.sort, opts.order, opts.after!.key === null),
      );
    const dir = opts.order;
    // Ties are broken by name and id so paging is stable.
    query = query.orderBy(sortKeyExpression(opts.sort), (ob) =>
      (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast(),
    );
    query = query.orderBy('s.last_name', dir).orderBy('s.first_name', dir).orderBy('s.id');
    return query.limit(SLOT.limit as unknown as number).offset(SLOT.offset as unknown as number);
  });
}

function countStatement(db: Database, f: FilterValues): Statement {
  return statement(`count;${filterShape(f)}`, () => {
    const slots = slotFilter(f);
    return baseQuery(db)
      .select((eb) => [
        eb.fn.countAll<string>().as('total'),
        // Read in the same snapshot as the count, so the count can be kept under this version.
        eb
          .selectFrom('data_versions')
          .select('version')
          .where('institution_id', '=', SLOT.iid)
          .as('version'),
      ])
      .where((eb) => whereOf(eb as EB, slots));
  });
}

/** One page of the list; each query shape is compiled once and runs as a prepared statement. */
export async function listStudentPage(
  db: Database,
  iid: string,
  filter: StudentFilterInput,
  opts: ListOptions,
): Promise<ListedStudentRow[]> {
  const f = filterValues(iid, filter, opts.today);
  const values = slotValues(f);
  values.limit = opts.limit;
  values.offset = opts.offset;
  if (opts.after) {
    values.key = opts.after.key;
    values.lastName = opts.after.lastName;
    values.firstName = opts.after.firstName;
    values.id = opts.after.id;
  }
  return run<ListedStudentRow>(db, pageStatement(db, f, opts), values);
}

/**
 * How many students match the filter, and the school's data version in the same snapshot: the
 * count is exact for that version (and date), so it can be kept until the version moves.
 */
export async function countStudents(
  db: Database,
  iid: string,
  filter: StudentFilterInput,
  today: string,
): Promise<{ total: number; version: string }> {
  const f = filterValues(iid, filter, today);
  const [row] = await run<{ total: string; version: string | null }>(
    db,
    countStatement(db, f),
    slotValues(f),
  );
  return { total: Number(row!.total), version: row!.version ?? '0' };
}

/** The page and count statements with their values bound (the benchmark EXPLAINs and replays them). */
export function listStudentsStatements(
  db: Database,
  iid: string,
  filter: StudentFilterInput,
  opts: ListOptions,
) {
  const f = filterValues(iid, filter, opts.today);
  const values: Record<string, unknown> = {
    ...slotValues(f),
    limit: opts.limit,
    offset: opts.offset,
  };
  if (opts.after) Object.assign(values, opts.after);
  if (opts.after) values.key = opts.after.key;
  const bind = (st: Statement) => ({
    sql: st.sql,
    parameters: st.params.map((p) => ('slot' in p ? values[p.slot] : p.value)),
  });
  return { page: bind(pageStatement(db, f, opts)), count: bind(countStatement(db, f)) };
}

export function listStudentIds(
  db: Database,
  iid: string,
  filter: StudentFilterInput,
  today: string,
  limit: number,
) {
  return baseQuery(db)
    .select('s.id')
    .where((eb) => filterWhere(eb as EB, iid, filter, today))
    .orderBy('s.group_name')
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .limit(limit)
    .execute();
}

export function findStudent(db: Database, iid: string, sid: string, today: string) {
  return baseQuery(db)
    .selectAll('s')
    .select([
      statusExpression(today).as('status'),
      'a.type as account_type',
      'a.username',
      'a.last_login_at',
    ])
    .where('s.institution_id', '=', iid)
    .where('s.id', '=', sid)
    .executeTakeFirst();
}

export function findStudentByStamnummer(db: Database, iid: string, stamnummer: string) {
  return db
    .selectFrom('students')
    .selectAll()
    .where('institution_id', '=', iid)
    .where('stamnummer', '=', stamnummer)
    .executeTakeFirst();
}

export function insertStudent(db: Database, values: NewStudent) {
  return db.insertInto('students').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateStudent(db: Database, iid: string, sid: string, values: StudentUpdate) {
  return db
    .updateTable('students')
    .set(values)
    .where('institution_id', '=', iid)
    .where('id', '=', sid)
    .returning('id')
    .executeTakeFirst();
}

export function listGroups(db: Database, iid: string) {
  return db
    .selectFrom('students')
    .select(['group_name', (eb) => eb.fn.countAll<string>().as('count')])
    .where('institution_id', '=', iid)
    .groupBy('group_name')
    .orderBy('group_name')
    .execute();
}

const versionOf = preparedQuery<{ version: string }, [iid: string]>((db, param) =>
  db.selectFrom('data_versions').select('version').where('institution_id', '=', param(0)),
);

/** The school's data version ('0' before its first change); see StudentListCache. */
export async function dataVersion(db: Database, iid: string): Promise<string> {
  const [row] = await versionOf(db, iid);
  return row?.version ?? '0';
}

export function findStudentRow(db: Database, iid: string, sid: string) {
  return db
    .selectFrom('students')
    .selectAll()
    .where('institution_id', '=', iid)
    .where('id', '=', sid)
    .executeTakeFirst();
}

export function findAccountOfStudent(db: Database, sid: string) {
  return db.selectFrom('accounts').selectAll().where('student_id', '=', sid).executeTakeFirst();
}

/** Locks one student of a school (erasure, "keep until"): concurrent changes wait or find it gone. */
export function lockStudentRow(trx: Transaction<DB>, iid: string, sid: string) {
  return trx
    .selectFrom('students')
    .selectAll()
    .where('institution_id', '=', iid)
    .where('id', '=', sid)
    .forUpdate()
    .executeTakeFirst();
}

/** Deletes a student; the database removes its account, co-accounts and links with it. */
/** Deletes (erases) a student; the change feed keeps a tombstone so copies elsewhere go too. */
export async function deleteStudent(trx: Transaction<DB>, iid: string, sid: string, now: Date) {
  const r = await trx
    .deleteFrom('students')
    .where('institution_id', '=', iid)
    .where('id', '=', sid)
    .executeTakeFirst();
  const deleted = Number(r.numDeletedRows);
  if (deleted)
    await trx
      .insertInto('student_tombstones')
      .values({ student_id: sid, institution_id: iid, erased_at: now })
      .onConflict((oc) => oc.column('student_id').doNothing())
      .execute();
  return deleted;
}

export function setKeepUntil(
  trx: Transaction<DB>,
  sid: string,
  keepUntil: string | null,
  now: Date,
) {
  return trx
    .updateTable('students')
    .set({ keep_until: keepUntil, updated_at: now })
    .where('id', '=', sid)
    .execute();
}

export interface ChangeRow {
  entity: 'student' | 'account';
  student_id: string;
  xid: string;
  change: string;
  stamnummer: string | null;
  first_name: string | null;
  last_name: string | null;
  group_name: string | null;
  enrolled_until: string | null;
  username: string | null;
  type: string | null;
  blocked: boolean | null;
}

/**
 * The change feed of a school after a position (xid, entity order, student id): only rows whose
 * transaction ended before every running one began, so nothing can still appear behind it.
 */
export async function changesAfter(
  db: Database,
  iid: string,
  after: { xid: string; ord: number; id: string },
  limit: number,
): Promise<ChangeRow[]> {
  const { rows } = await sql<ChangeRow>`
    with settled as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
    select entity, student_id, xid::text as xid, change, stamnummer, first_name, last_name,
           group_name, enrolled_until::text as enrolled_until, username, type, blocked
    from (
      select 'student' as entity, 0 as ord, s.id as student_id, s.change_xid as xid,
             s.change_kind as change, s.stamnummer, s.first_name, s.last_name, s.group_name,
             s.enrolled_until, null::text as username, null::text as type, null::boolean as blocked
      from students s, settled
      where s.institution_id = ${iid} and s.change_xid < settled.xmin
        and s.change_xid >= ${after.xid}::xid8
      union all
      select 'account', 1, a.student_id, a.change_xid, a.change_kind, null, null, null, null, null,
             a.username, a.type::text, a.blocked_at is not null
      from accounts a, settled
      where a.institution_id = ${iid} and a.change_xid < settled.xmin
        and a.change_xid >= ${after.xid}::xid8
      union all
      select 'student', 0, d.student_id, d.change_xid, 'erased', null, null, null, null, null,
             null, null, null
      from student_tombstones d, settled
      where d.institution_id = ${iid} and d.change_xid < settled.xmin
        and d.change_xid >= ${after.xid}::xid8
    ) e
    where (e.xid > ${after.xid}::xid8)
       or (e.xid = ${after.xid}::xid8 and (e.ord > ${after.ord} or (e.ord = ${after.ord} and e.student_id > ${after.id}::uuid)))
    order by e.xid, e.ord, e.student_id
    limit ${limit}`.execute(db);
  return rows;
}

/**
 * Enrolments that ended by the calendar since the feed last said so: each student once in the
 * change feed as `deactivated`. One whose end was written in the past (the write itself was
 * `deactivated`) is only marked as announced. `today`: the Brussels date of the app's clock.
 */
export async function announceEndedEnrolments(db: Database, today: string, dryRun: boolean) {
  const due = sql<boolean>`enrolled_until < ${today}::date and feed_ended_on is distinct from enrolled_until`;
  if (dryRun) {
    const row = await db
      .selectFrom('students')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(due)
      .where('change_kind', 'is distinct from', 'deactivated')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('students')
      .set({ feed_ended_on: sql`enrolled_until` })
      .where(due)
      .where('change_kind', '=', 'deactivated')
      .execute();
    const r = await trx
      .updateTable('students')
      .set({
        feed_ended_on: sql`enrolled_until`,
        change_xid: sql`pg_current_xact_id()`,
        change_kind: 'deactivated',
      })
      .where(due)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
}
