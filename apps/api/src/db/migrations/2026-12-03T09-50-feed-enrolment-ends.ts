import { sql, type Kysely } from 'kysely';

// Frozen. An enrolment that ends by the calendar (no write) reaches the change feed too: a job
// stamps the student `deactivated` once, the day after its end date, and remembers which end it
// announced (feed_ended_on), so a later change or a second run never announces it again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table students add column feed_ended_on date`.execute(db);
  // Ends already past: the feed's first entries (created, with the date) say so already.
  await sql`update students set feed_ended_on = enrolled_until where enrolled_until < current_date`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table students drop column feed_ended_on`.execute(db);
}
