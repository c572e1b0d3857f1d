import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { AppError, ROW_CODES, type FieldError } from '../../platform/errors/index.js';
import * as repo from './repository.js';
import type { ListStudentsQuery, Student } from './schemas.js';

// One page of the student list: paging by page number or by cursor, and the total (kept by
// list-cache.ts per data version, or counted here).

/** A page of the list as the API answers it. */
export interface StudentPage {
  items: Student[];
  total: number;
  page: number;
  pageSize: number;
  nextCursor: string | null;
}

/**
 * One page. `keptTotal` is the filter's count when the caller kept it for the current data
 * version and date; otherwise the count runs too and comes back with the version it belongs to.
 */
export async function list(
  ctx: AppContext,
  iid: string,
  query: ListStudentsQuery,
  day: string,
  keptTotal?: number,
): Promise<{ page: StudentPage; counted?: { total: number; version: string } }> {
  const pageSize = query.pageSize ?? 50;
  const sort: Sort = (query.sort as Sort | undefined) ?? 'lastName';
  const order = query.order ?? 'asc';
  const sealing = { key: cursorKey(ctx.config.sessionSecret), list: listOf(iid, query) };
  const cursor =
    query.cursor === undefined ? undefined : decodeCursor(sealing, query.cursor, sort, order);
  const page = cursor ? cursor.page : (query.page ?? 1);
  const rowsPromise = repo.listStudentPage(ctx.db, iid, query, {
    today: day,
    sort,
    order,
    limit: pageSize,
    offset: cursor ? 0 : (page - 1) * pageSize,
    ...(cursor ? { after: cursor.after } : {}),
  });
  const countPromise =
    keptTotal === undefined ? repo.countStudents(ctx.db, iid, query, day) : undefined;
  const [rows, counted] = await Promise.all([rowsPromise, countPromise]);
  const total = counted ? counted.total : keptTotal!;
  // The rows already carry the API's names; only the timestamp is turned into text, in place.
  for (const row of rows) {
    if (row.lastLoginAt instanceof Date) row.lastLoginAt = row.lastLoginAt.toISOString();
  }
  const last = rows[rows.length - 1];
  // A full page may have a next one. By page number the total says whether it does; after a
  // cursor the page's number is the cursor's count of pages, which drifts from the rows before it
  // when students leave the filter or the page size changes, so only a short page ends the list
  // there (a full last page is followed by an empty one).
  const more = rows.length === pageSize && (cursor !== undefined || page * pageSize < total);
  const nextCursor = last && more ? encodeCursor(sealing, sort, order, page + 1, last) : null;
  return {
    page: { items: rows as Student[], total, page, pageSize, nextCursor },
    ...(counted ? { counted } : {}),
  };
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

/**
 * A cursor is sealed (AES-256-GCM under a key derived from SESSION_SECRET, the same in every
 * instance) and bound to its list: the school and the filter are its associated data. So it
 * answers for that list only, a tampered one opens nothing, and the names it carries do not show
 * in URLs and access logs. Every cursor has a key of its own (from a random salt), so the fixed
 * nonce is never used twice under one key.
 */
interface Sealing {
  key: Buffer;
  list: Buffer;
}

const cursorKeys = new Map<string, Buffer>();

function cursorKey(secret: string): Buffer {
  let key = cursorKeys.get(secret);
  if (!key) {
    key = createHmac('sha256', secret).update('schoolloket student list cursor').digest();
    cursorKeys.set(secret, key);
  }
  return key;
}

/** The list a cursor belongs to: its school and its filter (sort and order are inside it). */
function listOf(iid: string, query: ListStudentsQuery): Buffer {
  const filter = [query.q ?? '', query.group ?? null, query.status ?? '', query.type ?? ''];
  return Buffer.from(JSON.stringify([iid, ...filter]));
}

const SALT = 16;
const TAG = 16;
const NONCE = Buffer.alloc(12);
const keyFor = (s: Sealing, salt: Buffer) => createHmac('sha256', s.key).update(salt).digest();

function seal(s: Sealing, value: unknown): string {
  const salt = randomBytes(SALT);
  const cipher = createCipheriv('aes-256-gcm', keyFor(s, salt), NONCE);
  cipher.setAAD(s.list);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([salt, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The sealed value, or null: not a cursor of this list, or not one of ours. */
function open(s: Sealing, text: string): unknown {
  const raw = Buffer.from(text, 'base64url');
  if (raw.length <= SALT + TAG) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(s, raw.subarray(0, SALT)), NONCE);
    decipher.setAAD(s.list);
    decipher.setAuthTag(raw.subarray(SALT, SALT + TAG));
    const plain = Buffer.concat([decipher.update(raw.subarray(SALT + TAG)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  } catch {
    return null;
  }
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
  return seal(s, [sort, order, page, sortKey(sort, row), row.lastName, row.firstName, row.id]);
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
