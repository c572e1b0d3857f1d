import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

// What the end of an enrolment does, read for a dry run: nothing here writes.
// Dates are calendar dates (YYYY-MM-DD, Europe/Brussels); "by the end of `date`".

/** The day after which a student's data are erased: the enrolment end plus the grace period, or a later "keep until". */
function eraseOnExpression(graceDays: number) {
  return sql<string>`greatest(s.enrolled_until + ${graceDays}::int, s.keep_until)`;
}

/** Accounts active (or blocked) today whose enrolment ends on or before `date`. */
export function endingAccounts(db: Database, iid: string, today: string, date: string) {
  return db
    .selectFrom('students as s')
    .innerJoin('accounts as a', 'a.student_id', 's.id')
    .select([
      's.id as studentId',
      's.stamnummer',
      's.first_name as firstName',
      's.last_name as lastName',
      's.group_name as group',
      's.enrolled_until as enrolledUntil',
      'a.username',
      sql<boolean>`a.blocked_at is not null`.as('blocked'),
    ])
    .where('s.institution_id', '=', iid)
    .where('s.enrolled_until', '>=', today)
    .where('s.enrolled_until', '<=', date)
    .orderBy('s.group_name')
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .orderBy('s.id')
    .execute();
}

/** Co-accounts (not revoked) of those accounts: they stop with the child's account. */
export function stoppingCoAccounts(db: Database, iid: string, today: string, date: string) {
  return db
    .selectFrom('co_accounts as c')
    .innerJoin('students as s', 's.id', 'c.student_id')
    .innerJoin('accounts as a', 'a.student_id', 's.id')
    .select([
      's.id as studentId',
      's.first_name as firstName',
      's.last_name as lastName',
      's.group_name as group',
      'a.username',
      'c.slot',
      'c.state',
      'c.email',
    ])
    .where('c.institution_id', '=', iid)
    .where('c.state', '!=', 'revoked')
    .where('s.enrolled_until', '>=', today)
    .where('s.enrolled_until', '<=', date)
    .orderBy('s.group_name')
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .orderBy('s.id')
    .orderBy('c.slot')
    .execute();
}

/** Students whose grace period (or "keep until") is over by the end of `date`. */
export function dueForErasure(db: Database, iid: string, graceDays: number, date: string) {
  const eraseOn = eraseOnExpression(graceDays);
  return db
    .selectFrom('students as s')
    .leftJoin('accounts as a', 'a.student_id', 's.id')
    .select([
      's.id as studentId',
      's.stamnummer',
      's.first_name as firstName',
      's.last_name as lastName',
      's.group_name as group',
      's.enrolled_until as enrolledUntil',
      's.keep_until as keepUntil',
      'a.username',
      sql<string>`to_char(${eraseOn}, 'YYYY-MM-DD')`.as('eraseOn'),
    ])
    .where('s.institution_id', '=', iid)
    .where('s.enrolled_until', 'is not', null)
    .where(eraseOn, '<=', sql<string>`${date}::date`)
    .orderBy('s.group_name')
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .orderBy('s.id')
    .execute();
}

export async function gracePeriodDays(db: Database, iid: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('institutions')
    .select('grace_period_days')
    .where('id', '=', iid)
    .executeTakeFirst();
  return row?.grace_period_days;
}

/** Every school with its grace period (the daily erasure job walks them). */
export function schoolsWithGracePeriod(db: Database) {
  return db.selectFrom('institutions').select(['id', 'grace_period_days']).orderBy('id').execute();
}
