import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

// Ending sign-ins at the provider: a person's sessions and grants (with their codes and tokens),
// an app's, a student's and the student's parents'. The rows are the provider's (repository.ts).

/**
 * Ends everything a person holds at the provider: sessions (by account id in the payload) and the
 * grants with their codes and tokens. Used when an account is blocked, leaves, gets a new
 * password from an admin, or a parent's co-account is revoked.
 */
export async function destroyForAccount(db: Database, accountId: string): Promise<void> {
  const grants = await db
    .selectFrom('oidc_models')
    .select('id')
    .where('model', '=', 'Grant')
    .where(sql<string>`payload->>'accountId'`, '=', accountId)
    .execute();
  const ids = grants.map((g) => g.id);
  if (ids.length) {
    await db.deleteFrom('oidc_models').where('grant_id', 'in', ids).execute();
    await db
      .deleteFrom('oidc_models')
      .where('model', '=', 'Grant')
      .where('id', 'in', ids)
      .execute();
  }
  await db
    .deleteFrom('oidc_models')
    .where('model', '=', 'Session')
    .where(sql<string>`payload->>'accountId'`, '=', accountId)
    .execute();
}

/**
 * Ends every sign-in to one app: its grants with their codes and tokens, so switching the app
 * back on later does not revive them. With `institutionId`, only those of that school's students
 * and parents (a school switching a platform app off for itself).
 */
export async function destroyForClient(
  db: Database,
  clientId: string,
  institutionId?: string,
): Promise<void> {
  let grants = db
    .selectFrom('oidc_models')
    .select('id')
    .where('model', '=', 'Grant')
    .where(sql<string>`payload->>'clientId'`, '=', clientId);
  if (institutionId)
    grants = grants.where(
      sql<string>`split_part(payload->>'accountId', '.', 2)`,
      'in',
      db
        .selectFrom('students')
        .select(sql<string>`id::text`.as('id'))
        .where('institution_id', '=', institutionId),
    );
  const ids = (await grants.execute()).map((g) => g.id);
  if (!ids.length) return;
  await db.deleteFrom('oidc_models').where('grant_id', 'in', ids).execute();
  await db.deleteFrom('oidc_models').where('model', '=', 'Grant').where('id', 'in', ids).execute();
}

/** Everything a student and the parents of that student hold at the provider (a block). */
export async function destroyForStudent(db: Database, sid: string): Promise<void> {
  const people = await db
    .selectFrom('oidc_models')
    .select(sql<string>`payload->>'accountId'`.as('account_id'))
    .distinct()
    .where('model', 'in', ['Grant', 'Session'])
    .where((eb) =>
      eb.or([
        eb(sql<string>`payload->>'accountId'`, '=', `s.${sid}`),
        eb(sql<string>`payload->>'accountId'`, 'like', `p.${sid}.%`),
      ]),
    )
    .execute();
  for (const p of people) await destroyForAccount(db, p.account_id);
}
