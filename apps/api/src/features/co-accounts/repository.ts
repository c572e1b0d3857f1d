import type { DB } from '../../db/types.js';
import type { Transaction } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { Database } from '../../db/database.js';
import { preparedRow } from '../../db/prepared.js';
import type { CoAccountsTable } from '../../db/types.js';
import { CLASS_LIST_ORDER, statusExpression } from '../../db/student-columns.js';
import * as links from '../../platform/one-time-links/index.js';

export const ACTIVATION_PURPOSE = 'co_account_activation';

/** A student with their account, status and school: what every co-account flow starts from. */
function subjectQuery(db: Database, today: string) {
  return db
    .selectFrom('students as s')
    .innerJoin('institutions as i', 'i.id', 's.institution_id')
    .leftJoin('accounts as a', 'a.student_id', 's.id')
    .select([
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
    ]);
}

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

export function listRows(db: Database, studentIds: string[]) {
  if (!studentIds.length) return Promise.resolve([]);
  return db.selectFrom('co_accounts').selectAll().where('student_id', 'in', studentIds).execute();
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
