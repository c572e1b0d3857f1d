import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

// Column and index definitions that the migrations share. Shipped migrations call them, so they
// are frozen like the migrations: never change what one produces (that would rewrite a shipped
// schema); add a new one instead.

/** `create table <name> (id uuid primary key default gen_random_uuid(), …)`. */
export const createTableWithUuidKey = (db: Kysely<unknown>, name: string) =>
  db.schema
    .createTable(name)
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`));

/** `create table <name> (id bigserial primary key, …)`: a history, its rows numbered as written. */
export const createHistoryTable = (db: Kysely<unknown>, name: string) =>
  db.schema.createTable(name).addColumn('id', 'bigserial', (c) => c.primaryKey());

/** `not null default now()`: when the row was written, unless the writer says otherwise. */
export const defaultNow = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(sql`now()`);

/** `not null references <target> on delete cascade`: the row goes with what it belongs to. */
export const ownedBy = (target: string) => (c: ColumnDefinitionBuilder) =>
  c.notNull().references(target).onDelete('cascade');

/** `created_at` and `updated_at`, both `not null default now()`. */
export function timestamps<T extends string, C extends string>(table: CreateTableBuilder<T, C>) {
  return table
    .addColumn('created_at', 'timestamptz', defaultNow)
    .addColumn('updated_at', 'timestamptz', defaultNow);
}

/** Who did it, as the row was written: the kind of actor, its id and its name (ActorColumns). */
function actorColumns<T extends string, C extends string>(table: CreateTableBuilder<T, C>) {
  return table
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text');
}

/** Who wrote the row (actorColumns) and when: `created_at`, `not null default now()`. */
export function createdBy<T extends string, C extends string>(table: CreateTableBuilder<T, C>) {
  return table.$call(actorColumns).addColumn('created_at', 'timestamptz', defaultNow);
}

/** The rest of a history row after its subject: what happened, who did it, details and when. */
export function eventColumns<T extends string, C extends string>(table: CreateTableBuilder<T, C>) {
  return table
    .addColumn('kind', 'text', (c) => c.notNull())
    .$call(actorColumns)
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', defaultNow);
}

/** `create index <name> on <table> (<columns>)`. */
export async function createIndex(
  db: Kysely<unknown>,
  name: string,
  table: string,
  columns: string[],
): Promise<void> {
  await db.schema.createIndex(name).on(table).columns(columns).execute();
}
