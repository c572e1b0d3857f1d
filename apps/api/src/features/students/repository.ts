import { sql, type Expression, type SqlBool, type ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, NewStudent, StudentUpdate } from '../../db/types.js';
import { LISTED_COLUMNS, statusExpression } from '../../db/student-columns.js';
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

function filterWhere(
  eb: EB,
  iid: string,
  filter: StudentFilterInput,
  today: string,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('s.institution_id', '=', iid)];
  if (filter.ids)
    conditions.push(filter.ids.length ? eb('s.id', 'in', filter.ids) : sql<boolean>`false`);
  if (filter.group !== undefined) conditions.push(eb('s.group_name', '=', filter.group));
  if (filter.type === 'none') conditions.push(eb('a.student_id', 'is', null));
  else if (filter.type) conditions.push(eb('a.type', '=', filter.type));
  if (filter.status) conditions.push(eb(statusExpression(today), '=', filter.status));
  const words: Expression<SqlBool>[] = [];
  for (const token of foldForSearch(filter.q ?? '')
    .split(' ')
    .filter(Boolean)) {
    // Stamnummers keep their punctuation ("E2E-10"); names are compared without it.
    const byStamnummer = eb(eb.fn('lower', ['s.stamnummer']), 'like', `${escapeLike(token)}%`);
    const key = searchKey(token);
    words.push(
      key
        ? eb.or([byStamnummer, eb('s.search_text', 'like', `%${escapeLike(key)}%`)])
        : byStamnummer,
    );
  }
  // The whole query may also be (the start of) a username, dots included.
  const username = foldForSearch(filter.q ?? '');
  if (words.length && username && !username.includes(' '))
    conditions.push(eb.or([eb.and(words), eb('a.username', 'like', `${escapeLike(username)}%`)]));
  else conditions.push(...words);
  return eb.and(conditions);
}

/**
 * Stamnummers that are numbers sort as numbers (50000 before 101034): zero-padded to 20 digits
 * they compare right as text; other stamnummers follow them in text order.
 */
const stamnummerOrder = sql<string>`case when s.stamnummer ~ '^[0-9]{1,20}$' then lpad(s.stamnummer, 20, '0') else s.stamnummer end`;

const SORT_COLUMNS: Record<Exclude<SortKey, 'status' | 'stamnummer'>, string> = {
  firstName: 's.first_name',
  lastName: 's.last_name',
  group: 's.group_name',
  type: 'a.type',
};

function baseQuery(db: Database) {
  return db.selectFrom('students as s').leftJoin('accounts as a', 'a.student_id', 's.id');
}

export type ListOptions = {
  today: string;
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
};

/** The page and count queries of the student list (separate so the benchmark can EXPLAIN them). */
export function listStudentsQueries(
  db: Database,
  iid: string,
  filter: StudentFilterInput,
  opts: ListOptions,
) {
  const status = statusExpression(opts.today);
  let query = baseQuery(db)
    .select(LISTED_COLUMNS)
    .select([status.as('status'), 'a.type as account_type', 'a.username', 'a.last_login_at'])
    .where((eb) => filterWhere(eb as EB, iid, filter, opts.today));
  const dir = opts.order;
  // Ties are broken by name and id so paging is stable.
  const column =
    opts.sort === 'status'
      ? status
      : opts.sort === 'stamnummer'
        ? stamnummerOrder
        : sql.ref(SORT_COLUMNS[opts.sort]);
  query = query.orderBy(column, (ob) => (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  query = query.orderBy('s.last_name', dir).orderBy('s.first_name', dir).orderBy('s.id');
  const countQuery = baseQuery(db)
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .where((eb) => filterWhere(eb as EB, iid, filter, opts.today));
  return { page: query.limit(opts.limit).offset(opts.offset), count: countQuery };
}

export async function listStudents(
  db: Database,
  iid: string,
  filter: StudentFilterInput,
  opts: ListOptions,
) {
  const q = listStudentsQueries(db, iid, filter, opts);
  const [rows, count] = await Promise.all([q.page.execute(), q.count.executeTakeFirstOrThrow()]);
  return { rows, total: Number(count.total) };
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

/** The school's data version ('0' before its first change); see StudentListCache. */
export async function dataVersion(db: Database, iid: string): Promise<string> {
  const row = await db
    .selectFrom('data_versions')
    .select('version')
    .where('institution_id', '=', iid)
    .executeTakeFirst();
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
