import { sql, type Kysely } from 'kysely';

// Frozen. A version number per school that moves whenever one of its students or accounts
// changes, so a cached student list can be checked with one primary-key read.
//
// The bump runs in a deferred constraint trigger, i.e. at COMMIT: the version becomes visible in
// the same instant as the change, and the school's version row is locked only for the moment of
// the commit (never while a long transaction is still working, so writers in one school do not
// queue behind each other and cannot deadlock on it). A transaction bumps each school once,
// however many rows it wrote.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_versions')
    .addColumn('institution_id', 'uuid', (c) =>
      c.primaryKey().references('institutions.id').onDelete('cascade'),
    )
    .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`
    create function bump_data_version() returns trigger language plpgsql as $$
    declare
      iid uuid := case when tg_op = 'DELETE' then old.institution_id else new.institution_id end;
      flag text := 'schoolloket.bumped_' || replace(iid::text, '-', '');
    begin
      if current_setting(flag, true) = pg_current_xact_id()::text then
        return null;
      end if;
      perform set_config(flag, pg_current_xact_id()::text, true);
      -- A school deleted in the same transaction (cascading to its students) has no version.
      insert into data_versions as v (institution_id, version)
        select iid, 1 where exists (select 1 from institutions where id = iid)
        on conflict (institution_id) do update set version = v.version + 1;
      return null;
    end $$`.execute(db);
  for (const table of ['students', 'accounts']) {
    await sql`
      create constraint trigger ${sql.raw(`${table}_data_version`)}
      after insert or update or delete on ${sql.table(table)}
      deferrable initially deferred
      for each row execute function bump_data_version()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['students', 'accounts']) {
    await sql`drop trigger ${sql.raw(`${table}_data_version`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function bump_data_version()`.execute(db);
  await db.schema.dropTable('data_versions').execute();
}
