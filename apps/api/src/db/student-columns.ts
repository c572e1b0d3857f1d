import { sql } from 'kysely';
import type { Database } from './database.js';

// Query fragments over `students s left join accounts a` that several features' repositories share.

/** Every student with its account, if it has one: the join the fragments below are written for. */
export function studentsWithAccount(db: Database) {
  return db.selectFrom('students as s').leftJoin('accounts as a', 'a.student_id', 's.id');
}

/** The students of one school among `ids` (callers answer an empty list without asking). */
export function studentsAmong(db: Database, iid: string, ids: string[]) {
  return studentsWithAccount(db).where('s.institution_id', '=', iid).where('s.id', 'in', ids);
}

/**
 * Class-list order, as schools read their lists: by group, then last and first name; the id
 * makes it total, so equal names always come in the same order.
 */
export const CLASS_LIST_ORDER = sql`s.group_name, s.last_name, s.first_name, s.id`;

/** DESIGN.md §5, evaluated against today's date in Europe/Brussels passed in by the service. */
export function statusExpression(today: string) {
  return sql<'none' | 'active' | 'inactive' | 'blocked'>`case
    when a.student_id is null then 'none'
    when a.blocked_at is not null then 'blocked'
    when s.enrolled_until is not null and s.enrolled_until < ${today}::date then 'inactive'
    else 'active' end`;
}

/** Who a student is on a list, a letter or a card: id, stamnummer, name and group. */
export const NAMING_COLUMNS = [
  's.id',
  's.stamnummer',
  's.first_name',
  's.last_name',
  's.group_name',
] as const;

/** A student's own data as lists and imports show it (not the search text nor timestamps). */
export const LISTED_COLUMNS = [
  ...NAMING_COLUMNS,
  's.official_first_name',
  's.official_last_name',
  's.gender',
  's.birth_date',
  's.enrolled_until',
  's.parent_emails',
  's.locale',
] as const;
