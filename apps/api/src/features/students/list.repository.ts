import { sql, type CompiledQuery } from 'kysely';
import type { Database } from '../../db/database.js';
import { prepareStatement, runCompiled } from '../../db/prepared.js';
import { statusExpression, studentsWithAccount } from '../../db/student-columns.js';
import {
  afterCursor,
  filterValues,
  onePlan,
  filterWhere,
  sortKeyExpression,
  SLOT,
  whereOf,
  wordSlot,
  type EB,
  type FilterValues,
  type ListedStudentRow,
  type ListOptions,
  type StudentFilterInput,
} from './filter.repository.js';

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

function run<R>(db: Database, st: Statement, values: Record<string, unknown>): Promise<R[]> {
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
  let words = '';
  for (const w of f.words) words += w.name === null ? '0' : '1';
  return (
    (f.group !== undefined ? 'g,' : ',') +
    (f.type === 'none' ? 'n,' : f.type ? 't,' : ',') +
    (f.status ? 's,' : ',') +
    words +
    (f.username === null ? ',' : ',u')
  );
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

/**
 * Page sizes written into the page statement's text (the web's 25, 50 and 100, and the usual
 * round sizes of API clients), and no OFFSET for the first page and every page by cursor.
 * With LIMIT and OFFSET as parameters PostgreSQL cannot tell the plan for 50 rows from one for
 * many, keeps choosing a plan for the values at hand, and plans the statement again on every
 * execution (~0.2 ms, more than the page's own work); with them in the text it settles on one
 * plan per connection after five executions. Other sizes and offsets stay parameters, so the
 * statements stay few.
 */
const LITERAL_LIMITS = new Set([10, 20, 25, 50, 100, 200, 500]);

function limitShape(opts: ListOptions): { limit: number | null; offsetZero: boolean } {
  return {
    limit: LITERAL_LIMITS.has(opts.limit) ? opts.limit : null,
    offsetZero: opts.offset === 0,
  };
}

/** The last login as JavaScript's toISOString writes it (milliseconds, truncated, and Z). */
const lastLoginText = sql<
  string | null
>`to_char(a.last_login_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function pageStatement(db: Database, f: FilterValues, opts: ListOptions): Statement {
  const cursor = opts.after ? (opts.after.key === null ? 'c0' : 'c1') : '';
  const { limit, offsetZero } = limitShape(opts);
  const paging = `${limit ?? 'l'};${offsetZero ? '0' : 'o'}`;
  return statement(`page;${filterShape(f)};${opts.sort};${opts.order};${cursor};${paging}`, () => {
    const slots = slotFilter(f);
    const status = statusExpression(SLOT.today);
    let query = studentsWithAccount(db)
      .select([
        's.id', // first: lastObject finds each row by it
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
        lastLoginText.as('lastLoginAt'),
      ])
      .where((eb) => whereOf(eb as EB, slots, onePlan));
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
    const limited = query.limit(
      limit === null ? (SLOT.limit as unknown as number) : sql.lit(limit),
    );
    const rows = offsetZero ? limited : limited.offset(SLOT.offset as unknown as number);
    // The page as one JSON text: PostgreSQL writes each row as the API's object (row_to_json keeps
    // the columns' names and order, compact, with JSON.stringify's escapes) and joins them in the
    // rows' order (the aggregate reads the sorted subquery in order; nothing else at this level
    // could reorder it: see docs/decisions.md), so the server neither parses the page's ~800
    // fields nor serializes them again.
    return db
      .selectFrom(rows.as('t'))
      .select([
        sql<string | null>`string_agg(row_to_json(t)::text, ',')`.as('items'),
        sql<number>`count(*)::int`.as('n'),
      ]);
  });
}

function countStatement(db: Database, f: FilterValues): Statement {
  return statement(`count;${filterShape(f)}`, () => {
    const slots = slotFilter(f);
    return studentsWithAccount(db)
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

/**
 * One page of the list as JSON: `items` is the page's student objects joined by commas (wrap it
 * in brackets for the array), `n` how many, `last` the last one parsed (for the next cursor). Each
 * query shape is compiled once and runs as a prepared statement.
 */
export async function listStudentPage(
  db: Database,
  iid: string,
  filter: StudentFilterInput,
  opts: ListOptions,
): Promise<{ items: string; n: number; last: ListedStudentRow | undefined }> {
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
  const [row] = await run<{ items: string | null; n: number }>(
    db,
    pageStatement(db, f, opts),
    values,
  );
  const items = row!.items ?? '';
  return {
    items,
    n: row!.n,
    last: items ? (JSON.parse(lastObject(items)) as ListedStudentRow) : undefined,
  };
}

/**
 * The last object of a page's items. Every object starts with its id, so the last `{"id":"`
 * starts the last object: inside a JSON string every quote is escaped, so that sequence is never
 * part of a value.
 */
export function lastObject(items: string): string {
  return items.slice(items.lastIndexOf('{"id":"'));
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
  return studentsWithAccount(db)
    .select('s.id')
    .where((eb) => filterWhere(eb as EB, iid, filter, today))
    .orderBy('s.group_name')
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .limit(limit)
    .execute();
}
