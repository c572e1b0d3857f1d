import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared.js';
import type { DB, NewStudent, StudentUpdate } from '../../db/types.js';
import { statusExpression, studentsWithAccount } from '../../db/student-columns.js';

// The list and the change feed live in their own files; this file is the feature's one door to
// its tables for the rest of the feature.
export {
  stamnummerSortKey,
  type ListCursor,
  type ListedStudentRow,
  type ListOptions,
  type SortKey,
  type StudentFilterInput,
} from './filter.repository.js';
export {
  countStudents,
  listStudentIds,
  listStudentPage,
  listStudentsStatements,
} from './list.repository.js';
export {
  announceEndedEnrolments,
  changesAfter,
  nextTransactionId,
  type ChangeRow,
} from './feed.repository.js';

export function findStudent(db: Database, iid: string, sid: string, today: string) {
  return studentsWithAccount(db)
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

/** The rows of the students table of one school. */
const studentRowsOf = (db: Database, iid: string) =>
  db.selectFrom('students').selectAll().where('institution_id', '=', iid);

export function findStudentByStamnummer(db: Database, iid: string, stamnummer: string) {
  return studentRowsOf(db, iid).where('stamnummer', '=', stamnummer).executeTakeFirst();
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

export function findAccountOfStudent(db: Database, sid: string) {
  return db.selectFrom('accounts').selectAll().where('student_id', '=', sid).executeTakeFirst();
}

/** Locks one student of a school (erasure, "keep until"): concurrent changes wait or find it gone. */
export function lockStudentRow(trx: Transaction<DB>, iid: string, sid: string) {
  return studentRowsOf(trx, iid).where('id', '=', sid).forUpdate().executeTakeFirst();
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
