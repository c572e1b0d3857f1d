import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewStudent } from '../../db/types.js';
import { brusselsDate } from '../../platform/time/index.js';
import type { StudentState } from './plan.js';

// The writes of an applied import or sync to the school's students, a chunk per statement.

const CHUNK = 1000;

/** New students; an enrolment end among them is recorded as written on `now`'s day. */
export async function insertStudents(db: Database, rows: NewStudent[], now: Date) {
  const today = brusselsDate(now);
  const out: Array<{ id: string; stamnummer: string }> = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    out.push(
      ...(await db
        .insertInto('students')
        .values(
          rows
            .slice(i, i + CHUNK)
            .map((r) => (r.enrolled_until ? { ...r, end_recorded_on: today } : r)),
        )
        .returning(['id', 'stamnummer'])
        .execute()),
    );
  }
  return out;
}

/** One statement per chunk: the new state of each student, passed as one JSON parameter. */
export async function updateStudents(
  db: Database,
  iid: string,
  rows: Array<StudentState & { id: string; search_text: string }>,
  now: Date,
) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(rows.slice(i, i + CHUNK));
    await sql`
      update students as s set
        first_name = v.first_name, last_name = v.last_name, group_name = v.group_name,
        official_first_name = v.official_first_name, official_last_name = v.official_last_name,
        gender = v.gender, birth_date = v.birth_date, enrolled_until = v.enrolled_until,
        end_recorded_on = case when s.enrolled_until is distinct from v.enrolled_until
          then ${brusselsDate(now)}::date else s.end_recorded_on end,
        parent_emails = v.parent_emails, locale = v.locale, search_text = v.search_text,
        updated_at = ${now}
      from jsonb_to_recordset(${json}::jsonb) as v(
        id uuid, first_name text, last_name text, group_name text, official_first_name text,
        official_last_name text, gender text, birth_date date, enrolled_until date,
        parent_emails text[], locale text, search_text text)
      where s.id = v.id and s.institution_id = ${iid}`.execute(db);
  }
}

export async function endEnrolments(
  db: Database,
  iid: string,
  ids: string[],
  date: string,
  now: Date,
) {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await db
      .updateTable('students')
      .set({ enrolled_until: date, end_recorded_on: brusselsDate(now), updated_at: now })
      .where('institution_id', '=', iid)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
  }
}
