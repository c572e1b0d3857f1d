import { sql, type Kysely } from 'kysely';

// Frozen. Names and groups sort the way people read them, whatever the database's own locale
// (often C, where "Özdemir" comes after "Zwartjes" and "de Smet" after "Van Acker"): ICU's root
// collation, which PostgreSQL built with ICU (the Debian and official Docker builds) and PGlite
// both ship as "und-x-icu". Deterministic, so equality stays byte equality; the indexes on these
// columns are rebuilt with it.
const COLUMNS = ['first_name', 'last_name', 'group_name'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of COLUMNS) {
    await sql`alter table students alter column ${sql.ref(column)} type text collate "und-x-icu"`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of COLUMNS) {
    await sql`alter table students alter column ${sql.ref(column)} type text collate "default"`.execute(
      db,
    );
  }
}
