import { sql, type Insertable, type Updateable } from 'kysely';
import type { Database } from '../../db/database.js';
import { preparedRow } from '../../db/prepared.js';
import type { AppEventsTable, AppRow, AppsTable } from '../../db/types.js';

// Learning apps ("Leerplatformen") and who may use them. A school's own app has its
// institution_id; a platform app (institution_id null) is used by the schools that switched it
// on in app_institutions.

// Every column by name (not `*`): a named prepared statement over `select *` fails with "cached
// plan must not change result type" on connections that prepared it before a migration added a
// column. The check below fails to compile when a column is added to AppsTable and not here.
const APP_COLUMNS = [
  'id',
  'client_id',
  'institution_id',
  'name',
  'logo_url',
  'redirect_uris',
  'post_logout_redirect_uris',
  'launch_url',
  'for_students',
  'for_parents',
  'groups',
  'confidential',
  'secret_hash',
  'secret_created_at',
  'subject_type',
  'disabled',
  'requires_consent',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof AppRow>;
const allColumns: [Exclude<keyof AppRow, (typeof APP_COLUMNS)[number]>] extends [never]
  ? true
  : never = true;
void allColumns;

// Read on every request of an app sign-in (the provider's client, the access checks): compiled
// once, a named prepared statement on pg.
export const findByClientId = preparedRow<AppRow, [clientId: string]>((db, param) =>
  db.selectFrom('apps').select(APP_COLUMNS).where('client_id', '=', param(0)),
);

export function findById(db: Database, id: string): Promise<AppRow | undefined> {
  return db.selectFrom('apps').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function isEnabledFor(db: Database, appId: string, iid: string): Promise<boolean> {
  const row = await db
    .selectFrom('app_institutions')
    .select('app_id')
    .where('app_id', '=', appId)
    .where('institution_id', '=', iid)
    .executeTakeFirst();
  return !!row;
}

/** The school's own apps and every platform app, with whether the school switched it on. */
export function listForInstitution(db: Database, iid: string) {
  return db
    .selectFrom('apps')
    .leftJoin('app_institutions as ai', (j) =>
      j.onRef('ai.app_id', '=', 'apps.id').on('ai.institution_id', '=', iid),
    )
    .selectAll('apps')
    .select(sql<boolean>`ai.app_id is not null`.as('switched_on'))
    .where((eb) =>
      eb.or([eb('apps.institution_id', '=', iid), eb('apps.institution_id', 'is', null)]),
    )
    .orderBy('apps.name')
    .orderBy('apps.id')
    .execute();
}

export function listPlatformApps(db: Database) {
  return db
    .selectFrom('apps')
    .selectAll()
    .where('institution_id', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function insertApp(db: Database, row: Insertable<AppsTable>): Promise<AppRow> {
  return db.insertInto('apps').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateApp(
  db: Database,
  id: string,
  patch: Updateable<AppsTable>,
): Promise<AppRow | undefined> {
  return db.updateTable('apps').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteApp(db: Database, id: string): Promise<void> {
  await db.deleteFrom('apps').where('id', '=', id).execute();
}

export async function switchOn(db: Database, appId: string, iid: string, now: Date) {
  const r = await db
    .insertInto('app_institutions')
    .values({ app_id: appId, institution_id: iid, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function switchOff(db: Database, appId: string, iid: string) {
  const r = await db
    .deleteFrom('app_institutions')
    .where('app_id', '=', appId)
    .where('institution_id', '=', iid)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertEvent(
  db: Database,
  row: Omit<Insertable<AppEventsTable>, 'detail'> & { detail: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('app_events')
    .values({ ...row, detail: JSON.stringify(row.detail) })
    .execute();
}

/**
 * App events visible to a school: its own apps' history, and of platform apps only what the
 * platform admin did plus this school's own switching.
 */
export function listEvents(db: Database, appId: string, iid: string | null, limit: number) {
  let q = db
    .selectFrom('app_events')
    .select(['id', 'kind', 'actor_kind', 'actor_name', 'detail', 'created_at'])
    .where('app_id', '=', appId);
  if (iid) {
    q = q.where((eb) => eb.or([eb('institution_id', 'is', null), eb('institution_id', '=', iid)]));
  }
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/**
 * Whether anyone signed in to the app (an `app_login` in a history) or holds a grant for it at
 * the provider: from then on the `sub` it knows people by must not change.
 */
export async function hasSignIns(db: Database, clientId: string): Promise<boolean> {
  const login = await db
    .selectFrom('account_events')
    .select('id')
    .where('kind', '=', 'app_login')
    .where(sql<string>`detail->>'clientId'`, '=', clientId)
    .limit(1)
    .executeTakeFirst();
  if (login) return true;
  const grant = await db
    .selectFrom('oidc_models')
    .select('id')
    .where('model', '=', 'Grant')
    .where(sql<string>`payload->>'clientId'`, '=', clientId)
    .limit(1)
    .executeTakeFirst();
  return !!grant;
}

export type UsageRow = Awaited<ReturnType<typeof usage>>[number];

/**
 * Sign-ins per app: the last one and distinct people since `since`, of one school (or of every
 * school for the platform admin's view, iid null).
 */
export function usage(db: Database, iid: string | null, since: Date) {
  let q = db
    .selectFrom('account_events')
    .select([
      sql<string>`detail->>'clientId'`.as('client_id'),
      sql<Date | null>`max(created_at)`.as('last_sign_in'),
      sql<string>`count(distinct actor_kind || ':' || coalesce(actor_id, '')) filter (where created_at >= ${since})`.as(
        'people_30d',
      ),
    ])
    .where('kind', '=', 'app_login');
  if (iid) q = q.where('institution_id', '=', iid);
  return q.groupBy(sql`detail->>'clientId'`).execute();
}

/**
 * The apps one student (and the student's parents) signed in to: per app and role, the last
 * sign-in and how many, newest first, with the app's current name and logo when it still exists.
 */
export function appUseOfStudent(db: Database, iid: string, sid: string) {
  const use = db
    .selectFrom('account_events')
    .select([
      sql<string>`detail->>'clientId'`.as('client_id'),
      sql<string>`coalesce(detail->>'role', 'student')`.as('role'),
      sql<string>`(array_agg(detail->>'app' order by created_at desc))[1]`.as('name_then'),
      sql<Date>`max(created_at)`.as('last_sign_in'),
      sql<string>`count(*)`.as('sign_ins'),
    ])
    .where('student_id', '=', sid)
    .where('institution_id', '=', iid)
    .where('kind', '=', 'app_login')
    .groupBy([sql`detail->>'clientId'`, sql`coalesce(detail->>'role', 'student')`])
    .as('u');
  return db
    .selectFrom(use)
    .leftJoin('apps', 'apps.client_id', 'u.client_id')
    .select([
      'apps.id as app_id',
      'apps.name',
      'apps.logo_url',
      'u.name_then',
      'u.role',
      'u.last_sign_in',
      'u.sign_ins',
    ])
    .orderBy('u.last_sign_in', 'desc')
    .orderBy('u.role')
    .execute();
}
