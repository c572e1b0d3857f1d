import type { Insertable } from 'kysely';
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

export function listEvents(db: Database, iid: string, sid: string, limit: number, offset: number) {
  return db
    .selectFrom('account_events')
    .selectAll()
    .where('institution_id', '=', iid)
    .where('student_id', '=', sid)
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countEvents(db: Database, iid: string, sid: string): Promise<number> {
  const row = await db
    .selectFrom('account_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('institution_id', '=', iid)
    .where('student_id', '=', sid)
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
