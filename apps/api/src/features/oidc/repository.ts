import { sql, type OnConflictBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import { preparedQuery, preparedRow } from '../../db/prepared.js';
import type { DB } from '../../db/types.js';

// The provider's storage: one table for every model oidc-provider keeps (Session, Interaction,
// AuthorizationCode, AccessToken, RefreshToken, Grant, ...), keyed by (model, id) and indexed by
// the grant, the session uid and the expiry. Clients are not stored here: they are the apps.

/** A model saved again replaces the stored one (the provider's upsert). */
const replaceModel = (oc: OnConflictBuilder<DB, 'oidc_models'>) =>
  oc.columns(['model', 'id']).doUpdateSet({
    payload: (eb) => eb.ref('excluded.payload'),
    grant_id: (eb) => eb.ref('excluded.grant_id'),
    uid: (eb) => eb.ref('excluded.uid'),
    expires_at: (eb) => eb.ref('excluded.expires_at'),
  });

export interface StoredModel {
  payload: Record<string, unknown>;
  consumed_at: Date | null;
  expires_at: Date | null;
}

// The statements every hop of a sign-in runs (find, save, consume, destroy a model): one shape
// each, compiled once and run as named prepared statements on pg (db/prepared.ts), so neither
// Kysely nor PostgreSQL parses them again on every request.

const upsertStatement = preparedQuery<
  never,
  [
    model: string,
    id: string,
    payload: string,
    grantId: string | null,
    uid: string | null,
    expiresAt: Date | null,
  ]
>((db, param) =>
  db
    .insertInto('oidc_models')
    .values({
      model: param(0),
      id: param(1),
      payload: param(2),
      grant_id: param(3),
      uid: param(4),
      expires_at: param(5) as unknown as Date,
    })
    .onConflict(replaceModel),
);

export async function upsertModel(
  db: Database,
  row: {
    model: string;
    id: string;
    payload: Record<string, unknown>;
    grantId: string | null;
    uid: string | null;
    expiresAt: Date | null;
  },
): Promise<void> {
  await upsertStatement(db, ...modelValues(row));
}

export type ModelRow = Parameters<typeof upsertModel>[1];

/** A model's columns in the order of the upsert statements' parameters. */
const modelValues = (row: ModelRow) =>
  [row.model, row.id, JSON.stringify(row.payload), row.grantId, row.uid, row.expiresAt] as const;

/** One statement per number of rows (2 to 4: the shapes stay few), compiled on first use. */
const upsertManyStatements = new Map<number, ReturnType<typeof upsertManyStatement>>();
const UPSERT_MANY_MAX = 4;

function upsertManyStatement(n: number) {
  return preparedQuery<never, unknown[]>((db, param) =>
    db
      .insertInto('oidc_models')
      .values(
        Array.from({ length: n }, (_, r) => ({
          model: param(r * 6),
          id: param(r * 6 + 1),
          payload: param(r * 6 + 2),
          grant_id: param(r * 6 + 3),
          uid: param(r * 6 + 4),
          expires_at: param(r * 6 + 5) as unknown as Date,
        })),
      )
      .onConflict(replaceModel),
  );
}

/**
 * Several models saved at once, in one statement (all or none). The rows must name distinct
 * (model, id) pairs: PostgreSQL refuses to update one row twice in a statement.
 */
export async function upsertModels(db: Database, rows: ModelRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += UPSERT_MANY_MAX) {
    const chunk = rows.slice(i, i + UPSERT_MANY_MAX);
    if (chunk.length === 1) {
      await upsertModel(db, chunk[0]!);
      continue;
    }
    let statement = upsertManyStatements.get(chunk.length);
    if (!statement)
      upsertManyStatements.set(chunk.length, (statement = upsertManyStatement(chunk.length)));
    await statement(db, ...chunk.flatMap(modelValues));
  }
}

const findStatement = (by: 'id' | 'uid') =>
  preparedRow<StoredModel, [model: string, key: string, now: Date]>((db, param) =>
    db
      .selectFrom('oidc_models')
      .select(['payload', 'consumed_at', 'expires_at'])
      .where('model', '=', param(0))
      .where(by, '=', param(1))
      .where((eb) =>
        eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', param(2) as unknown as Date)]),
      ),
  );
export const findModel = findStatement('id');
export const findModelByUid = findStatement('uid');

const consumeStatement = preparedQuery<{ id: string }, [now: Date, model: string, id: string]>(
  (db, param) =>
    db
      .updateTable('oidc_models')
      .set({ consumed_at: param(0) as unknown as Date })
      .where('model', '=', param(1))
      .where('id', '=', param(2))
      .where('consumed_at', 'is', null)
      .returning('id'),
);

/** Marks a code or token used; answers whether this call was the first to do so. */
export async function consumeModel(db: Database, model: string, id: string, now: Date) {
  return (await consumeStatement(db, now, model, id)).length > 0;
}

export async function grantIdOf(db: Database, model: string, id: string) {
  const row = await db
    .selectFrom('oidc_models')
    .select('grant_id')
    .where('model', '=', model)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.grant_id ?? null;
}

const destroyStatement = preparedQuery<{ id: string }, [model: string, id: string]>((db, param) =>
  db
    .deleteFrom('oidc_models')
    .where('model', '=', param(0))
    .where('id', '=', param(1))
    .returning('id'),
);

/** Deletes a model's row; answers whether there was one (false: gone already). */
export async function destroyModel(db: Database, model: string, id: string): Promise<boolean> {
  return (await destroyStatement(db, model, id)).length > 0;
}

/** Everything issued under a grant (codes, tokens, the grant itself), whatever the model. */
export async function destroyByGrant(db: Database, grantId: string): Promise<void> {
  // What the grant issued (codes, tokens), not a sign-in under way: an interaction carries the
  // grant of the session it started in, and ending that session (another child signing in on a
  // shared computer) must not lose the sign-in that ends it. (Sessions carry no grant id.)
  await db
    .deleteFrom('oidc_models')
    .where('grant_id', '=', grantId)
    .where('model', '!=', 'Interaction')
    .execute();
  await db
    .deleteFrom('oidc_models')
    .where('model', '=', 'Grant')
    .where('id', '=', grantId)
    .execute();
}

/**
 * The person's answer on a consent page ("Ja, toestaan" or "Nee, weigeren"), claimed once per
 * sign-in: true for the first answer only (a row of its own, kept as long as the interaction).
 */
export async function claimAnswer(db: Database, uid: string, expiresAt: Date): Promise<boolean> {
  const row = await db
    .insertInto('oidc_models')
    .values({ model: 'InteractionAnswer', id: uid, payload: '{}', expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['model', 'id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** The newest valid grant of a person for an app (consent is remembered on it). */
export async function findLatestGrant(
  db: Database,
  accountId: string,
  clientId: string,
  now: Date,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('oidc_models')
    .select('id')
    .where('model', '=', 'Grant')
    .where(sql<string>`payload->>'accountId'`, '=', accountId)
    .where(sql<string>`payload->>'clientId'`, '=', clientId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** Deletes expired rows, a bounded number at a time; answers how many went. */
export async function purgeExpired(db: Database, now: Date, limit = 1000): Promise<number> {
  const r = await db
    .deleteFrom('oidc_models')
    .where(
      sql<string>`ctid`,
      'in',
      db
        .selectFrom('oidc_models')
        .select(sql<string>`ctid`.as('ctid'))
        .where('expires_at', '<=', now)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** How many rows expired before `cutoff` (a dry run of the purge job). */
export async function countExpired(db: Database, cutoff: Date): Promise<number> {
  const r = await db
    .selectFrom('oidc_models')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('expires_at', '<=', cutoff)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
