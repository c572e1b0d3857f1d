import { sql } from 'kysely';

// Query fragments over `students s left join accounts a` that several features' repositories share.

/** DESIGN.md §5, evaluated against today's date in Europe/Brussels passed in by the service. */
export function statusExpression(today: string) {
  return sql<'none' | 'active' | 'inactive' | 'blocked'>`case
    when a.student_id is null then 'none'
    when a.blocked_at is not null then 'blocked'
    when s.enrolled_until is not null and s.enrolled_until < ${today}::date then 'inactive'
    else 'active' end`;
}

/** A student's own data as lists and imports show it (not the search text nor timestamps). */
export const LISTED_COLUMNS = [
  's.id',
  's.stamnummer',
  's.first_name',
  's.last_name',
  's.group_name',
  's.official_first_name',
  's.official_last_name',
  's.gender',
  's.birth_date',
  's.enrolled_until',
  's.parent_emails',
  's.locale',
] as const;
