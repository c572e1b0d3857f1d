import { sql, type Insertable, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Database } from '../../db/database.js';
import type { AccountEventsTable } from '../../db/types.js';

export type NewEvent = Insertable<AccountEventsTable>;

export async function insertEvents(db: Database, events: NewEvent[]): Promise<void> {
  // Chunked: one multi-row insert per 500 keeps bulk operations to a handful of statements.
  for (let i = 0; i < events.length; i += 500) {
    await db
      .insertInto('account_events')
      .values(events.slice(i, i + 500))
      .execute();
  }
}

/** The events of one student of the school, to select from. */
function eventsOf(db: Database, iid: string, sid: string) {
  return db
    .selectFrom('account_events')
    .where('institution_id', '=', iid)
    .where('student_id', '=', sid);
}

export function listEvents(db: Database, iid: string, sid: string, limit: number, offset: number) {
  return eventsOf(db, iid, sid)
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countEvents(db: Database, iid: string, sid: string): Promise<number> {
  const row = await eventsOf(db, iid, sid)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findStudentId(db: Database, iid: string, sid: string) {
  return db
    .selectFrom('students')
    .select('id')
    .where('institution_id', '=', iid)
    .where('id', '=', sid)
    .executeTakeFirst();
}

/**
 * Detail keys that name no one, kept when a student is erased; everything else in an event's
 * detail (usernames, e-mail addresses, reasons typed by an admin, field changes) goes.
 */
const NEUTRAL_DETAIL_KEYS = [
  'slot',
  'passwordKind',
  'format',
  'batchId',
  'via',
  'agreementVersion',
  'change',
  'source',
  'importId',
  'appId',
  'clientId',
  'app',
  'role',
  'scopes',
  'replaced',
  'reason',
];

/**
 * Turns a student's events into pseudonymous ones: the pseudonym instead of the person, no
 * names or addresses in the detail, no student or parent named as the actor. Admin actors stay
 * (they are the school's staff, not the child). The student reference goes when the row does.
 */
export async function pseudonymise(trx: Transaction<DB>, sid: string, pseudonym: string) {
  const r = await trx
    .updateTable('account_events')
    .set({
      pseudonym,
      detail: sql<string>`coalesce((select jsonb_object_agg(d.key, d.value) from jsonb_each(detail) d
        where d.key = any(${sql.val(NEUTRAL_DETAIL_KEYS)}::text[])
          and (d.key <> 'reason' or kind = 'erased')
          and jsonb_typeof(d.value) <> 'object'), '{}'::jsonb)`,
      actor_id: sql<
        string | null
      >`case when actor_kind in ('student', 'parent') then null else actor_id end`,
      actor_name: sql<
        string | null
      >`case when actor_kind in ('student', 'parent') then null else actor_name end`,
    })
    .where('student_id', '=', sid)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The events of one student, oldest first (the access download). */
export function allEvents(db: Database, iid: string, sid: string) {
  return eventsOf(db, iid, sid).selectAll().orderBy('id').execute();
}
