import { sql, type Kysely } from 'kysely';

// Frozen. The change feed (GET /institutions/{iid}/events): every write of a student or account
// that an integration cares about stamps the row with its transaction id (xid8) and what the write
// was. The feed reads rows whose transaction is older than every running one
// (pg_snapshot_xmin), so a row can never appear behind a cursor that already passed it.
const STUDENT_FIELDS = [
  'stamnummer',
  'first_name',
  'last_name',
  'group_name',
  'official_first_name',
  'official_last_name',
  'gender',
  'birth_date',
  'enrolled_until',
  'parent_emails',
];
const ACCOUNT_FIELDS = ['username', 'type', 'password_kind', 'blocked_at', 'email'];

const row = (prefix: string, fields: string[]) => fields.map((f) => `${prefix}.${f}`).join(', ');

const trigger = (name: string, fields: string[], deactivated: string) => `
  create function ${name}() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' and row(${row('new', fields)}) is not distinct from row(${row('old', fields)}) then
      return new;
    end if;
    new.change_xid := pg_current_xact_id();
    new.change_kind := case
      when tg_op = 'INSERT' then 'created'
      when ${deactivated} then 'deactivated'
      else 'changed' end;
    return new;
  end $$`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['students', 'accounts']) {
    await sql`alter table ${sql.table(table)} add column change_xid xid8, add column change_kind text`.execute(
      db,
    );
    await sql`update ${sql.table(table)} set change_xid = pg_current_xact_id(), change_kind = 'created'`.execute(
      db,
    );
  }
  const statements = [
    trigger(
      'record_student_change',
      STUDENT_FIELDS,
      "new.enrolled_until is distinct from old.enrolled_until and new.enrolled_until < (now() at time zone 'Europe/Brussels')::date",
    ),
    trigger(
      'record_account_change',
      ACCOUNT_FIELDS,
      'new.blocked_at is not null and old.blocked_at is null',
    ),
    `create trigger students_record_change before insert or update on students
      for each row execute function record_student_change()`,
    `create trigger accounts_record_change before insert or update on accounts
      for each row execute function record_account_change()`,
    'create index students_change_idx on students (institution_id, change_xid, id)',
    'create index accounts_change_idx on accounts (institution_id, change_xid, student_id)',
  ];
  // One statement per call: PGlite refuses several in one prepared statement.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop trigger students_record_change on students;
    drop trigger accounts_record_change on accounts;
    drop function record_student_change();
    drop function record_account_change();
    alter table students drop column change_xid, drop column change_kind;
    alter table accounts drop column change_xid, drop column change_kind;
  `,
    )
    .execute(db);
}
