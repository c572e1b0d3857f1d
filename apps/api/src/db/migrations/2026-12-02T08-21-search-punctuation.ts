import { sql, type Kysely } from 'kysely';

// Frozen. Search ignores punctuation inside names ("dhondt" finds D'Hondt): the stored search
// texts lose the characters the application now leaves out (same class as searchKey()).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update students set search_text = regexp_replace(search_text, '[''’‘\`´._,()‐‑‒–—-]', '', 'g') where search_text ~ '[''’‘\`´._,()‐‑‒–—-]'`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  // The punctuation is not recoverable from the search text; the names still hold it.
}
