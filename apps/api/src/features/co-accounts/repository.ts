import type { DB } from '../../db/types.js';
import type { Transaction } from 'kysely';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Database } from '../../db/database.js';
import { preparedRow } from '../../db/prepared.js';
import type { CoAccountsTable, SessionsTable } from '../../db/types.js';
import { CLASS_LIST_ORDER, statusExpression } from '../../db/student-columns.js';
import * as links from '../../platform/one-time-links/index.js';

export const ACTIVATION_PURPOSE = 'co_account_activation';

/** A student with their account, status and school: what every co-account flow starts from. */
function subjectQuery(db: Database, today: string) {
  return db
    .selectFrom('students as s')
    .innerJoin('institutions as i', 'i.id', 's.institution_id')
    .leftJoin('accounts as a', 'a.student_id', 's.id')
    .select(subjectColumns(today));
}

/** A subject's columns (students as s, accounts as a, institutions as i), status as of `today`. */
const subjectColumns = (today: string) =>
  [
    's.id as student_id',
    's.institution_id',
    's.first_name',
    's.last_name',
    's.group_name',
    's.parent_emails',
    's.locale as student_locale',
    'a.username',
    'a.type as account_type',
    'a.password_kind',
    'a.password_hash',
    'a.must_change',
    'a.temporary_expires_at',
    'a.email as account_email',
    'a.created_at as account_created_at',
    'a.last_login_at as account_last_login_at',
    'i.name as school_name',
    'i.locale as school_locale',
    'i.co_account_slots',
    'i.helpdesk_email',
    'i.helpdesk_phone',
    statusExpression(today).as('status'),
  ] as const;

export type SubjectRow = NonNullable<Awaited<ReturnType<typeof findSubjectById>>>;

export function findSubjectById(db: Database, iid: string, sid: string, today: string) {
  return subjectQuery(db, today)
    .where('s.institution_id', '=', iid)
    .where('s.id', '=', sid)
    .executeTakeFirst();
}

// The two lookups every portal request and every app sign-in makes: compiled once, named
// prepared statements on pg (db/prepared.ts).
export const findSubjectByStudentId = preparedRow<SubjectRow, [sid: string, today: string]>(
  (db, param) => subjectQuery(db, param(1)).where('s.id', '=', param(0)),
);

export const findSubjectByUsername = preparedRow<SubjectRow, [username: string, today: string]>(
  (db, param) => subjectQuery(db, param(1)).where('a.username', '=', param(0)),
);

// Every column of co_accounts, as `co_<column>` beside a session's subject (findSessionSubject);
// the check fails to compile when CoAccountsTable gains a column that is missing here.
const CO_ACCOUNT_COLUMNS = [
  'student_id',
  'slot',
  'institution_id',
  'email',
  'password_hash',
  'state',
  'invited_at',
  'activated_at',
  'password_changed_at',
  'agreement_version',
  'agreement_accepted_at',
  'last_login_at',
  'revoked_at',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof Selectable<CoAccountsTable>>;

const allCoAccountColumns: [
  Exclude<keyof Selectable<CoAccountsTable>, (typeof CO_ACCOUNT_COLUMNS)[number]>,
] extends [never]
  ? true
  : never = true;
void allCoAccountColumns;

/** A portal session's columns, as `session_<column>` beside its subject (findSessionSubject). */
const SESSION_COLUMNS = [
  'id',
  'kind',
  'student_id',
  'co_account_slot',
  'created_at',
  'last_seen_at',
  'expires_at',
] as const;

type Prefixed<P extends string, T> = { [K in keyof T & string as `${P}${K}`]: T[K] | null };

/** findSessionSubject's row: the session, the subject (all null without one), the co-account. */
export type SessionSubjectRow = {
  [K in (typeof SESSION_COLUMNS)[number] as `session_${K}`]: Selectable<SessionsTable>[K];
} & { [K in keyof SubjectRow]: SubjectRow[K] | null } & Prefixed<
    'co_',
    Selectable<CoAccountsTable>
  >;

/**
 * A session with its student (as findSubjectByStudentId reads them) and, for a parent's session,
 * the co-account row of its slot (as findRow reads it), in one statement: what every app sign-in
 * asks of the portal cookie. Compiled once, a named prepared statement on pg.
 */
export const findSessionSubject = preparedRow<
  SessionSubjectRow,
  [sessionId: string, today: string]
>((db, param) =>
  db
    .selectFrom('sessions as ss')
    .leftJoin('students as s', 's.id', 'ss.student_id')
    .leftJoin('institutions as i', 'i.id', 's.institution_id')
    .leftJoin('accounts as a', 'a.student_id', 's.id')
    .leftJoin('co_accounts as c', (join) =>
      join.onRef('c.student_id', '=', 'ss.student_id').onRef('c.slot', '=', 'ss.co_account_slot'),
    )
    .select(SESSION_COLUMNS.map((k) => `ss.${k} as session_${k}` as const))
    .select(subjectColumns(param(1)))
    .select(CO_ACCOUNT_COLUMNS.map((k) => `c.${k} as co_${k}` as const))
    .where('ss.id', '=', param(0)),
);

/** The names of subjectColumns' results, in order. */
const SUBJECT_KEYS = subjectColumns('').map((c) =>
  typeof c === 'string' ? (c.split(' as ')[1] ?? c.split('.')[1]!) : 'status',
) as Array<keyof SubjectRow>;

/** The subject inside a findSessionSubject row (undefined: the session has no student). */
export function subjectOf(row: SessionSubjectRow): SubjectRow | undefined {
  if (row.student_id === null) return undefined;
  return Object.fromEntries(SUBJECT_KEYS.map((k) => [k, row[k]])) as unknown as SubjectRow;
}

/** The co-account row inside a findSessionSubject row (undefined without one). */
export function coAccountOf(row: SessionSubjectRow): Selectable<CoAccountsTable> | undefined {
  if (row.co_student_id === null) return undefined;
  return Object.fromEntries(
    CO_ACCOUNT_COLUMNS.map((k) => [k, row[`co_${k}`]]),
  ) as unknown as Selectable<CoAccountsTable>;
}

export function listRows(db: Database, studentIds: string[]) {
  if (!studentIds.length) return Promise.resolve([]);
  return db.selectFrom('co_accounts').selectAll().where('student_id', 'in', studentIds).execute();
}

/** The active co-accounts of students (all of a school's when `iid` is given instead). */
export function activeHolders(db: Database, by: { sid: string } | { iid: string }) {
  return db
    .selectFrom('co_accounts')
    .select(['student_id', 'slot', 'email'])
    .where('state', '=', 'active')
    .$if('sid' in by, (q) => q.where('student_id', '=', (by as { sid: string }).sid))
    .$if('iid' in by, (q) => q.where('institution_id', '=', (by as { iid: string }).iid))
    .orderBy('slot')
    .execute();
}

export function findRow(db: Database, sid: string, slot: number, forUpdate = false) {
  let q = db
    .selectFrom('co_accounts')
    .selectAll()
    .where('student_id', '=', sid)
    .where('slot', '=', slot);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Serialises changes to one student's slots (PUT, revoke, activation) inside a transaction. */
export function lockStudent(trx: Transaction<DB>, sid: string) {
  return trx
    .selectFrom('students')
    .select(['id', 'parent_emails'])
    .where('id', '=', sid)
    .forUpdate()
    .executeTakeFirst();
}

export function upsertRow(
  db: Database,
  key: { student_id: string; slot: number; institution_id: string },
  values: Omit<Updateable<CoAccountsTable>, 'student_id' | 'slot' | 'institution_id'> & {
    state: CoAccountsTable['state'];
    updated_at: Date;
  },
) {
  const insert: Insertable<CoAccountsTable> = {
    ...key,
    ...values,
    created_at: values.updated_at,
  } as Insertable<CoAccountsTable>;
  return db
    .insertInto('co_accounts')
    .values(insert)
    .onConflict((oc) => oc.columns(['student_id', 'slot']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function setParentEmails(db: Database, sid: string, emails: string[], now: Date) {
  return db
    .updateTable('students')
    .set({ parent_emails: emails, updated_at: now })
    .where('id', '=', sid)
    .execute();
}

export function setLastLogin(db: Database, sid: string, slot: number, now: Date) {
  return db
    .updateTable('co_accounts')
    .set({ last_login_at: now })
    .where('student_id', '=', sid)
    .where('slot', '=', slot)
    .execute();
}

// Tokens

export function insertToken(
  db: Database,
  row: {
    token_hash: string;
    institution_id: string;
    student_id: string;
    slot: number;
    email: string;
    now: Date;
    expires_at: Date;
  },
) {
  return links.insertToken(db, { ...row, purpose: ACTIVATION_PURPOSE });
}

/** Supersedes every open link of a slot. */
export function revokeTokens(db: Database, sid: string, slot: number, now: Date) {
  return links.revokeOpenTokens(db, { purposes: [ACTIVATION_PURPOSE], studentId: sid, slot }, now);
}

export function findOpenToken(db: Database, hash: string, now: Date) {
  return db
    .selectFrom('tokens')
    .selectAll()
    .where('id', '=', links.openTokenId(db, hash, [ACTIVATION_PURPOSE], now))
    .executeTakeFirst();
}

export function countRecentTokens(
  db: Database,
  sid: string,
  slot: number,
  since: Date,
): Promise<number> {
  return links.countTokensSince(
    db,
    { purposes: [ACTIVATION_PURPOSE], studentId: sid, slot },
    since,
  );
}

// Overview

export function listStudentsForOverview(db: Database, iid: string, today: string, group?: string) {
  let q = db
    .selectFrom('students as s')
    .leftJoin('accounts as a', 'a.student_id', 's.id')
    .select([
      's.id',
      's.first_name',
      's.last_name',
      's.group_name',
      's.parent_emails',
      'a.username',
      statusExpression(today).as('status'),
    ])
    .where('s.institution_id', '=', iid);
  if (group !== undefined) q = q.where('s.group_name', '=', group);
  return q.orderBy(CLASS_LIST_ORDER).execute();
}

export function listRowsOfInstitution(db: Database, iid: string) {
  return db.selectFrom('co_accounts').selectAll().where('institution_id', '=', iid).execute();
}

export function parentEmails(db: Database, sid: string) {
  return db
    .selectFrom('students')
    .select('parent_emails')
    .where('id', '=', sid)
    .executeTakeFirstOrThrow();
}
