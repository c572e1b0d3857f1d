import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export interface ChangeRow {
  entity: 'student' | 'account';
  student_id: string;
  xid: string;
  change: string;
  stamnummer: string | null;
  first_name: string | null;
  last_name: string | null;
  group_name: string | null;
  enrolled_until: string | null;
  username: string | null;
  type: string | null;
  blocked: boolean | null;
}

/**
 * The change feed of a school after a position (xid, entity order, student id): only rows whose
 * transaction ended before every running one began, so nothing can still appear behind it.
 */
export async function changesAfter(
  db: Database,
  iid: string,
  after: { xid: string; ord: number; id: string },
  limit: number,
): Promise<ChangeRow[]> {
  const { rows } = await sql<ChangeRow>`
    with settled as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
    select entity, student_id, xid::text as xid, change, stamnummer, first_name, last_name,
           group_name, enrolled_until::text as enrolled_until, username, type, blocked
    from (
      select 'student' as entity, 0 as ord, s.id as student_id, s.change_xid as xid,
             s.change_kind as change, s.stamnummer, s.first_name, s.last_name, s.group_name,
             s.enrolled_until, null::text as username, null::text as type, null::boolean as blocked
      from students s, settled
      where s.institution_id = ${iid} and s.change_xid < settled.xmin
        and s.change_xid >= ${after.xid}::xid8
      union all
      select 'account', 1, a.student_id, a.change_xid, a.change_kind, null, null, null, null, null,
             a.username, a.type::text, a.blocked_at is not null
      from accounts a, settled
      where a.institution_id = ${iid} and a.change_xid < settled.xmin
        and a.change_xid >= ${after.xid}::xid8
      union all
      select 'student', 0, d.student_id, d.change_xid, 'erased', null, null, null, null, null,
             null, null, null
      from student_tombstones d, settled
      where d.institution_id = ${iid} and d.change_xid < settled.xmin
        and d.change_xid >= ${after.xid}::xid8
    ) e
    where (e.xid > ${after.xid}::xid8)
       or (e.xid = ${after.xid}::xid8 and (e.ord > ${after.ord} or (e.ord = ${after.ord} and e.student_id > ${after.id}::uuid)))
    order by e.xid, e.ord, e.student_id
    limit ${limit}`.execute(db);
  return rows;
}

/**
 * Enrolments that ended by the calendar since the feed last said so: each student once in the
 * change feed as `deactivated`. One whose end was written in the past (the write itself was
 * `deactivated`) is only marked as announced. `today`: the Brussels date of the app's clock.
 */
export async function announceEndedEnrolments(db: Database, today: string, dryRun: boolean) {
  const due = sql<boolean>`enrolled_until < ${today}::date and feed_ended_on is distinct from enrolled_until`;
  if (dryRun) {
    const row = await db
      .selectFrom('students')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(due)
      .where('change_kind', 'is distinct from', 'deactivated')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('students')
      .set({ feed_ended_on: sql`enrolled_until` })
      .where(due)
      .where('change_kind', '=', 'deactivated')
      .execute();
    const r = await trx
      .updateTable('students')
      .set({
        feed_ended_on: sql`enrolled_until`,
        change_xid: sql`pg_current_xact_id()`,
        change_kind: 'deactivated',
      })
      .where(due)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
}

/** The next transaction id the database will hand out: no change can stand at or past it yet. */
export async function nextTransactionId(db: Database): Promise<bigint> {
  const r = await sql<{
    xmax: string;
  }>`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(db);
  return BigInt(r.rows[0]!.xmax);
}
