import { sql, type Kysely } from 'kysely';

// Frozen. The day a student's current enrolment end was written (Europe/Brussels). The grace
// period before erasure counts from the later of the end date and this day, so an end date
// typed or imported far in the past does not make the data due for erasure the next morning.
// Rows written before this column: the day of their last write, the latest day the end can have
// been written (an erasure can only move later, never sooner).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table students add column end_recorded_on date`.execute(db);
  await sql`update students set end_recorded_on = (updated_at at time zone 'Europe/Brussels')::date
    where enrolled_until is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table students drop column end_recorded_on`.execute(db);
}
