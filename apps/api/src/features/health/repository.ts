import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export async function ping(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}
