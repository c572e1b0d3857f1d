import type { DB } from '../../db/types.js';
import type { Transaction } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { AccountsTable, BatchesTable } from '../../db/types.js';
import { NAMING_COLUMNS, studentsAmong } from '../../db/student-columns.js';
import { RETURNING_REASON } from '@schoolloket/core';

export function findStudentsWithAccounts(db: Database, iid: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return studentsAmong(db, iid, ids)
    .select([
      ...NAMING_COLUMNS,
      's.enrolled_until',
      's.birth_date',
      'a.username',
      'a.type as account_type',
    ])
    .execute();
}

/**
 * Locks students of a school against deletion (erasure) until the transaction ends, in id order
 * so that two creations cannot deadlock; returns the ids that are still there. FOR KEY SHARE is
 * the lock a foreign key takes: it waits for an erasure under way and lets ordinary edits pass.
 */
export async function lockStudents(db: Database, iid: string, ids: string[]): Promise<Set<string>> {
  const sorted = [...new Set(ids)].sort();
  const present = new Set<string>();
  for (let i = 0; i < sorted.length; i += 1000) {
    const rows = await db
      .selectFrom('students')
      .select('id')
      .where('institution_id', '=', iid)
      .where('id', 'in', sorted.slice(i, i + 1000))
      .orderBy('id')
      .forKeyShare()
      .execute();
    for (const r of rows) present.add(r.id);
  }
  return present;
}

/** Usernames ever issued among the candidates (the registry never forgets). */
export async function takenAmong(db: Database, candidates: string[]): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const rows = await db
    .selectFrom('usernames')
    .select('username')
    .where('username', 'in', candidates)
    .execute();
  return new Set(rows.map((r) => r.username));
}

/** Usernames ever issued that start with a prefix: one query finds the next free counter. */
export async function takenWithPrefix(db: Database, prefix: string): Promise<Set<string>> {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await db
    .selectFrom('usernames')
    .select('username')
    .where('username', 'like', `${escaped}%`)
    .execute();
  return new Set(rows.map((r) => r.username));
}

/**
 * Claims a username in the never-reused registry. ON CONFLICT DO NOTHING waits for a concurrent
 * claim of the same name to finish and then reports it as taken, without aborting our transaction.
 */
export async function claimUsername(
  db: Database,
  username: string,
  iid: string,
  studentId: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('usernames')
    .values({ username, institution_id: iid, student_id: studentId, issued_at: now })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('username')
    .executeTakeFirst();
  return !!row;
}

/** Claims many usernames in one statement; returns the ones that were free. */
export async function claimUsernames(
  db: Database,
  rows: Array<{ username: string; studentId: string }>,
  iid: string,
  now: Date,
): Promise<Set<string>> {
  const claimed = new Set<string>();
  // In one order for every request: two bulks that wait for each other's new names (two schools'
  // class lists, in opposite orders) then wait in line instead of deadlocking.
  const sorted = [...rows].sort((a, b) =>
    a.username < b.username ? -1 : a.username > b.username ? 1 : 0,
  );
  for (let i = 0; i < sorted.length; i += 500) {
    const chunk = sorted.slice(i, i + 500);
    const inserted = await db
      .insertInto('usernames')
      .values(
        chunk.map((r) => ({
          username: r.username,
          institution_id: iid,
          student_id: r.studentId,
          issued_at: now,
        })),
      )
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('username')
      .execute();
    for (const r of inserted) claimed.add(r.username);
  }
  return claimed;
}

export function releaseUsername(db: Database, username: string, now: Date) {
  return db
    .updateTable('usernames')
    .set({ released_at: now })
    .where('username', '=', username)
    .execute();
}

export async function insertAccounts(db: Database, rows: Insertable<AccountsTable>[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('accounts')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** The account of one student of a school. */
const accountOf = (db: Database, iid: string, sid: string) =>
  db
    .selectFrom('accounts')
    .selectAll()
    .where('institution_id', '=', iid)
    .where('student_id', '=', sid);

export function findAccount(db: Database, iid: string, sid: string) {
  return accountOf(db, iid, sid).executeTakeFirst();
}

export function lockAccount(trx: Transaction<DB>, iid: string, sid: string) {
  return accountOf(trx, iid, sid).forUpdate().executeTakeFirst();
}

export function updateAccount(db: Database, sid: string, values: Updateable<AccountsTable>) {
  return db
    .updateTable('accounts')
    .set(values)
    .where('student_id', '=', sid)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function insertBatch(db: Database, row: Insertable<BatchesTable>) {
  return db.insertInto('batches').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findBatch(db: Database, iid: string, bid: string) {
  return db
    .selectFrom('batches')
    .selectAll()
    .where('institution_id', '=', iid)
    .where('id', '=', bid)
    .executeTakeFirst();
}

export function accountsOfStudents(db: Database, iid: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('accounts as a')
    .innerJoin('students as s', 's.id', 'a.student_id')
    .select([
      'a.student_id',
      'a.username',
      'a.type',
      'a.password_kind',
      'a.secret_enc',
      's.stamnummer',
      's.first_name',
      's.last_name',
      's.group_name',
    ])
    .where('a.institution_id', '=', iid)
    .where('a.student_id', 'in', ids)
    .execute();
}

/**
 * An erased student's usernames stay in the registry for good, tied to no one: never issued
 * again (the registry's primary key), and naming no student.
 */
export function retireUsernames(trx: Transaction<DB>, sid: string, now: Date) {
  return trx
    .updateTable('usernames')
    .set((eb) => ({ student_id: null, released_at: eb.fn.coalesce('released_at', eb.val(now)) }))
    .where('student_id', '=', sid)
    .execute();
}

/**
 * A student enrolled again within the grace period keeps the same account, held (blocked with
 * RETURNING_REASON) until an admin unblocks it or gives a new password: the school decides when
 * the old credentials work again. Accounts already blocked keep their own reason.
 */
export { RETURNING_REASON };

export async function holdReturningAccounts(db: Database, sids: string[], now: Date) {
  if (!sids.length) return [];
  const rows = await db
    .updateTable('accounts')
    .set({ blocked_at: now, blocked_reason: RETURNING_REASON, updated_at: now })
    .where('student_id', 'in', sids)
    .where('blocked_at', 'is', null)
    .returning('student_id')
    .execute();
  return rows.map((r) => r.student_id);
}
