import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { CLASS_LIST_ORDER, studentsWithAccount } from '../../db/student-columns.js';

// What the end of an enrolment does, read for a dry run: nothing here writes.
// Dates are calendar dates (YYYY-MM-DD, Europe/Brussels); "by the end of `date`".

/** The day after which a student's data are erased: the enrolment end plus the grace period, or a later "keep until". */
function eraseOnExpression(graceDays: number) {
  // greatest() passes over nulls: an end written before end_recorded_on was kept counts alone.
  return sql<string>`greatest(greatest(s.enrolled_until, s.end_recorded_on) + ${graceDays}::int, s.keep_until)`;
}

/** The student a line of the dry run is about, as the preview shows it. */
const STUDENT_COLUMNS = [
  's.id as studentId',
  's.stamnummer',
  's.first_name as firstName',
  's.last_name as lastName',
  's.group_name as group',
  's.enrolled_until as enrolledUntil',
] as const;

/** Accounts active (or blocked) today whose enrolment ends on or before `date`. */
export function endingAccounts(db: Database, iid: string, today: string, date: string) {
  return db
    .selectFrom('students as s')
    .innerJoin('accounts as a', 'a.student_id', 's.id')
    .select([
      ...STUDENT_COLUMNS,
      'a.username',
      sql<boolean>`a.blocked_at is not null`.as('blocked'),
    ])
    .where('s.institution_id', '=', iid)
    .where('s.enrolled_until', '>=', today)
    .where('s.enrolled_until', '<=', date)
    .orderBy(CLASS_LIST_ORDER)
    .execute();
}

/** Co-accounts (not revoked) of those accounts: they stop with the child's account. */
export function stoppingCoAccounts(db: Database, iid: string, today: string, date: string) {
  return db
    .selectFrom('co_accounts as c')
    .innerJoin('students as s', 's.id', 'c.student_id')
    .innerJoin('accounts as a', 'a.student_id', 's.id')
    .select([
      's.id as studentId',
      's.first_name as firstName',
      's.last_name as lastName',
      's.group_name as group',
      'a.username',
      'c.slot',
      'c.state',
      'c.email',
    ])
    .where('c.institution_id', '=', iid)
    .where('c.state', '!=', 'revoked')
    .where('s.enrolled_until', '>=', today)
    .where('s.enrolled_until', '<=', date)
    .orderBy(CLASS_LIST_ORDER)
    .orderBy('c.slot')
    .execute();
}

/** Students whose grace period (or "keep until") is over by the end of `date`. */
export function dueForErasure(db: Database, iid: string, graceDays: number, date: string) {
  const eraseOn = eraseOnExpression(graceDays);
  return studentsWithAccount(db)
    .select([
      ...STUDENT_COLUMNS,
      's.keep_until as keepUntil',
      'a.username',
      sql<string>`to_char(${eraseOn}, 'YYYY-MM-DD')`.as('eraseOn'),
    ])
    .where('s.institution_id', '=', iid)
    .where('s.enrolled_until', 'is not', null)
    .where(eraseOn, '<=', sql<string>`${date}::date`)
    .orderBy(CLASS_LIST_ORDER)
    .execute();
}

export async function gracePeriodDays(db: Database, iid: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('institutions')
    .select('grace_period_days')
    .where('id', '=', iid)
    .executeTakeFirst();
  return row?.grace_period_days;
}

/** Every school with its grace period (the daily erasure job walks them). */
export function schoolsWithGracePeriod(db: Database) {
  return db.selectFrom('institutions').select(['id', 'grace_period_days']).orderBy('id').execute();
}

/**
 * Everything held on one student and its co-accounts, for the access download: rows as stored,
 * minus what is no information about the person (hashes and sealed secrets are named by the
 * caller, never read out here).
 */
export async function personalRows(db: Database, iid: string, sid: string) {
  const student = await db
    .selectFrom('students')
    .selectAll()
    .where('institution_id', '=', iid)
    .where('id', '=', sid)
    .executeTakeFirst();
  if (!student) return undefined;
  const [account, usernames, coAccounts, sessions, links, grants] = await Promise.all([
    accountRow(db, sid),
    db
      .selectFrom('usernames')
      .select(['username', 'issued_at', 'released_at'])
      .where('student_id', '=', sid)
      .orderBy('issued_at')
      .execute(),
    db
      .selectFrom('co_accounts')
      .select([
        'slot',
        'email',
        'state',
        sql<boolean>`password_hash is not null`.as('has_password'),
        'invited_at',
        'activated_at',
        'password_changed_at',
        'agreement_version',
        'agreement_accepted_at',
        'last_login_at',
        'revoked_at',
        'created_at',
      ])
      .where('student_id', '=', sid)
      .orderBy('slot')
      .execute(),
    db
      .selectFrom('sessions')
      .select(['co_account_slot', 'created_at', 'last_seen_at', 'expires_at', 'user_agent'])
      .where('kind', '=', 'portal')
      .where('student_id', '=', sid)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('tokens')
      .select(['purpose', 'slot', 'email', 'created_at', 'expires_at', 'used_at', 'revoked_at'])
      .where('student_id', '=', sid)
      .orderBy('created_at')
      .execute(),
    grantRows(db, sid),
  ]);
  return { student, account, usernames, coAccounts, sessions, links, grants };
}

/** The student account, with whether it holds a sealed secret instead of the secret. */
function accountRow(db: Database, sid: string) {
  return db
    .selectFrom('accounts')
    .select([
      'username',
      'type',
      'password_kind',
      sql<boolean>`secret_enc is not null`.as('has_secret'),
      'must_change',
      'temporary_expires_at',
      'email',
      'blocked_at',
      'blocked_reason',
      'created_at',
      'updated_at',
      'last_login_at',
    ])
    .where('student_id', '=', sid)
    .executeTakeFirst();
}

/** The OIDC grants of the student's account and its co-accounts. */
function grantRows(db: Database, sid: string) {
  return db
    .selectFrom('oidc_models')
    .select([
      sql<string>`payload->>'accountId'`.as('account_id'),
      sql<string>`payload->>'clientId'`.as('client_id'),
      'expires_at',
    ])
    .where('model', '=', 'Grant')
    .where((eb) =>
      eb.or([
        eb(sql<string>`payload->>'accountId'`, '=', `s.${sid}`),
        eb(sql<string>`payload->>'accountId'`, 'like', `p.${sid}.%`),
      ]),
    )
    .execute();
}
