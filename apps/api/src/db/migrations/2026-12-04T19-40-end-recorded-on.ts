import { sql, type Kysely } from 'kysely';

// Frozen. The day a student's current enrolment end was written (Europe/Brussels). The grace
// period before erasure counts from the later of the end date and this day, so an end date
// typed or imported far in the past does not make the data due for erasure the next morning.
// Rows written before this column: null, and the grace period counts from the end date as it did.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table students add column end_recorded_on date`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table students drop column end_recorded_on`.execute(db);
}
