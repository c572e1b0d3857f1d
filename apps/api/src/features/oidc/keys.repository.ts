import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/types.js';

// The provider's signing keys (keys.ts): sealed with CREDENTIALS_KEY, one row per key, in the
// states next → current → retired.

export function listKeys(db: Database) {
  return db
    .selectFrom('oidc_keys')
    .select(['kid', 'state', 'sealed_jwk', 'created_at', 'retired_at'])
    .orderBy('created_at')
    .execute();
}

/** Serializes key creation and rotation across instances (released at commit). */
export async function lockKeys(trx: Transaction<DB>): Promise<void> {
  // Start-up and rotation work: waiting for another instance that is generating the keys is
  // right, so this transaction is exempt from the pool's short lock and statement timeouts.
  await sql`select set_config('lock_timeout', '0', true), set_config('statement_timeout', '0', true)`.execute(
    trx,
  );
  await sql`select pg_advisory_xact_lock(hashtext('schoolloket.oidc_keys'))`.execute(trx);
}

export async function insertKey(
  db: Database,
  row: { kid: string; state: 'current' | 'next'; sealedJwk: string; now: Date },
): Promise<void> {
  await db
    .insertInto('oidc_keys')
    .values({ kid: row.kid, state: row.state, sealed_jwk: row.sealedJwk, created_at: row.now })
    .execute();
}

export async function setKeyState(
  db: Database,
  kid: string,
  state: 'current' | 'retired',
  now: Date,
): Promise<void> {
  await db
    .updateTable('oidc_keys')
    .set(state === 'retired' ? { state, retired_at: now } : { state })
    .where('kid', '=', kid)
    .execute();
}

export async function deleteRetiredBefore(db: Database, before: Date): Promise<void> {
  await db
    .deleteFrom('oidc_keys')
    .where('state', '=', 'retired')
    .where('retired_at', '<=', before)
    .execute();
}

/** A cheap fingerprint of the key set, so instances notice a rotation done elsewhere. */
export async function keysVersion(db: Database): Promise<string> {
  const r = await db
    .selectFrom('oidc_keys')
    .select(sql<string>`string_agg(kid || ':' || state, ',' order by kid)`.as('v'))
    .executeTakeFirst();
  return r?.v ?? '';
}
