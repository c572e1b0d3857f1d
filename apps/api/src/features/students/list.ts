import type { AppContext } from '../../context.js';
import { AppError, ROW_CODES, type FieldError } from '../../platform/errors/index.js';
import { cursorSeal, type CursorSeal } from './cursor-seal.js';
import * as repo from './repository.js';
import type { ListStudentsQuery } from './schemas.js';

// One page of the student list: paging by page number or by cursor, and the total (kept by
// list-cache.ts per data version, or counted here).

/**
 * One page, as the JSON (UTF-8) the API answers (StudentPageSchema: items, total, page, pageSize,
 * nextCursor, in that order). `keptTotal` is the filter's count when the caller kept it for the
 * current data version and date; otherwise the count runs too and comes back with the version it
 * belongs to. `listKey` is cursorList(iid, query), when the caller has it already.
 */
export async function list(
  ctx: AppContext,
  iid: string,
  query: ListStudentsQuery,
  day: string,
  keptTotal?: number,
  listKey = cursorList(iid, query),
): Promise<{ body: Buffer; counted?: { total: number; version: string } }> {
  const pageSize = query.pageSize ?? 50;
  const sort: Sort = (query.sort as Sort | undefined) ?? 'lastName';
  const order = query.order ?? 'asc';
  const sealing = { seal: cursorSeal(ctx.config.sessionSecret), list: listKey };
  const cursor =
    query.cursor === undefined ? undefined : decodeCursor(sealing, query.cursor, sort, order);
  const page = cursor ? cursor.page : (query.page ?? 1);
  const pagePromise = repo.listStudentPage(ctx.db, iid, query, {
    today: day,
    sort,
    order,
    limit: pageSize,
    offset: cursor ? 0 : (page - 1) * pageSize,
    ...(cursor ? { after: cursor.after } : {}),
  });
  const countPromise =
    keptTotal === undefined ? repo.countStudents(ctx.db, iid, query, day) : undefined;
  const [rows, counted] = await Promise.all([pagePromise, countPromise]);
  const total = counted ? counted.total : keptTotal!;
  // A full page may have a next one. By page number the total says whether it does; after a
  // cursor the page's number is the cursor's count of pages, which drifts from the rows before it
  // when students leave the filter or the page size changes, so only a short page ends the list
  // there (a full last page is followed by an empty one).
  const more = rows.n === pageSize && (cursor !== undefined || page * pageSize < total);
  const nextCursor =
    rows.last && more ? encodeCursor(sealing, sort, order, page + 1, rows.last) : null;
  // The items come from PostgreSQL as JSON already (list.repository.ts); the rest are numbers and
  // the cursor (base64url), written here in the schema's order (list-body.test.ts holds the page
  // byte for byte to what the schema's serializer writes). As bytes, encoded once: a page with a
  // name outside Latin-1 is a two-byte string of twice its size, which a string body would copy
  // again to join it to the rest and to the response's head before encoding it (page 80 of the
  // bench, a Turkish name on every row, spent ~40 µs more on its event loop per request).
  const body = ownBytes(
    '{"items":[',
    rows.items,
    `],"total":${total},"page":${page},"pageSize":${pageSize},` +
      `"nextCursor":${nextCursor === null ? 'null' : JSON.stringify(nextCursor)}}`,
  );
  return { body, ...(counted ? { counted } : {}) };
}

/**
 * The UTF-8 bytes of `head + items + tail` in memory of their own. Node hands out buffers under
 * 4 KB as slices of a shared 8 KB pool, and a slice keeps its whole block alive: an empty page
 * (63 bytes) kept in the page cache would hold 8 KB that the cache's size limit never counted
 * (found by an outside test: 160,000 distinct empty searches grew a 4 MB cache's process by
 * ~110 MB).
 */
export function ownBytes(head: string, items: string, tail: string): Buffer {
  const body = Buffer.allocUnsafeSlow(
    Buffer.byteLength(head) + Buffer.byteLength(items) + Buffer.byteLength(tail),
  );
  let at = body.write(head);
  at += body.write(items, at);
  body.write(tail, at);
  return body;
}

type Sort = repo.SortKey;
type Order = NonNullable<ListStudentsQuery['order']>;

function sortKey(sort: Sort, row: repo.ListedStudentRow): string | null {
  switch (sort) {
    case 'stamnummer':
      return repo.stamnummerSortKey(row.stamnummer);
    case 'firstName':
      return row.firstName;
    case 'lastName':
      return row.lastName;
    case 'group':
      return row.group;
    case 'status':
      return row.status;
    case 'type':
      return row.accountType;
  }
}

/** The sealing of a list's cursors (cursor-seal.ts) and the list they belong to. */
interface Sealing {
  seal: CursorSeal;
  list: string;
}

/** The list a cursor belongs to: its school and its filter (sort and order are inside it). */
export function cursorList(iid: string, query: ListStudentsQuery): string {
  // The school as PostgreSQL reads it: an id in capitals names the same school.
  return JSON.stringify([
    iid.toLowerCase(),
    query.q ?? '',
    query.group ?? null,
    query.status ?? '',
    query.type ?? '',
  ]);
}

/** The sealed value, or null: not a cursor of this list, or not one of ours. */
function open(s: Sealing, text: string): unknown {
  // What opens was sealed here (encodeCursor), so it is JSON.
  const content = s.seal.open(s.list, text);
  return content === null ? null : JSON.parse(content);
}

/**
 * The cursor names the last row of a page (its sort key, names and id), the sort it belongs to
 * and the number of the page it opens; opaque to clients.
 */
function encodeCursor(
  s: Sealing,
  sort: Sort,
  order: Order,
  page: number,
  row: repo.ListedStudentRow,
) {
  const content = [sort, order, page, sortKey(sort, row), row.lastName, row.firstName, row.id];
  return s.seal.seal(s.list, JSON.stringify(content));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A name or sort key PostgreSQL can compare: a string without U+0000, which it refuses in text. */
const comparable = (v: unknown): v is string => typeof v === 'string' && !v.includes('\u0000');

function decodeCursor(s: Sealing, text: string, sort: Sort, order: Order) {
  const value = open(s, text);
  const invalid = (row: Omit<FieldError, 'path'>) =>
    new AppError('validation_failed', 'The cursor is not valid for this list.', [
      { path: 'querystring.cursor', ...row },
    ]);
  if (
    !Array.isArray(value) ||
    value.length !== 7 ||
    typeof value[2] !== 'number' ||
    !Number.isInteger(value[2]) ||
    value[2] < 2 ||
    value[2] > 100000 ||
    !(value[3] === null || comparable(value[3])) ||
    !comparable(value[4]) ||
    !comparable(value[5]) ||
    typeof value[6] !== 'string' ||
    !UUID.test(value[6])
  )
    throw invalid({
      code: 'cursor_not_of_this_list',
      message: ROW_CODES.cursor_not_of_this_list.message.en,
    });
  if (value[0] !== sort || value[1] !== order)
    throw invalid({
      code: 'cursor_of_other_sort',
      message: `Belongs to sort=${String(value[0])}&order=${String(value[1])}.`,
      params: { sort: String(value[0]), order: String(value[1]) },
    });
  return {
    page: value[2] as number,
    after: {
      key: value[3] as string | null,
      lastName: value[4] as string,
      firstName: value[5] as string,
      id: value[6] as string,
    },
  };
}
