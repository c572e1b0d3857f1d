import { sql, type Kysely } from 'kysely';

// Frozen. School settings for new accounts (issue 14): from which age bulk creation proposes an
// advanced account, the default kind of a basic password, and the base of the personal URL on
// cards (null: PUBLIC_BASE_URL + /u).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('institutions')
    .addColumn('advanced_from_age', 'smallint', (c) =>
      c
        .notNull()
        .defaultTo(10)
        .check(sql`advanced_from_age between 6 and 18`),
    )
    .addColumn('basic_password_kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('picture')
        .check(sql`basic_password_kind in ('picture', 'word')`),
    )
    .addColumn('personal_url_base', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('institutions')
    .dropColumn('advanced_from_age')
    .dropColumn('basic_password_kind')
    .dropColumn('personal_url_base')
    .execute();
}
