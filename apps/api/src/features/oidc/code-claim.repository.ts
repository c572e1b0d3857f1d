import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared.js';
import type { StoredModel } from './repository.js';

// The code exchange's one statement (adapter.ts, claim): the code found and, for the request it
// was issued for, consumed, with the grant and the session it was issued under.

/** What a token request says about the code it presents (see claimCode). */
export interface CodeRequest {
  clientId: string | undefined;
  redirectUri: string | undefined;
  /** The S256 challenge of the request's code_verifier (undefined without a valid one). */
  challenge: string | undefined;
}

/** A code as claimCode found it, with the grant and session a claimed code was issued under. */
export interface ClaimedCode extends StoredModel {
  claimed: boolean;
  grant: Record<string, unknown> | null;
  session: Record<string, unknown> | null;
}

const validAt = (table: string, now: string) =>
  sql`(${sql.ref(`${table}.expires_at`)} is null or ${sql.ref(`${table}.expires_at`)} > ${now})`;

/** The request is the one the code was issued for: its client, redirect URI and PKCE verifier. */
const issuedFor = (table: string, req: { client: string; redirect: string; challenge: string }) =>
  sql`(${sql.ref(`${table}.payload`)}->>'clientId' = ${req.client}
    and ${sql.ref(`${table}.payload`)}->>'redirectUri' = ${req.redirect}
    and ${sql.ref(`${table}.payload`)}->>'codeChallengeMethod' = 'S256'
    and ${sql.ref(`${table}.payload`)}->>'codeChallenge' = ${req.challenge})`;

const claimStatement = preparedQuery<
  ClaimedCode,
  [
    now: Date,
    id: string,
    clientId: string | null,
    redirectUri: string | null,
    challenge: string | null,
  ]
>((db, param) => {
  const now = param(0);
  const req = { client: param(2), redirect: param(3), challenge: param(4) };
  return {
    compile: () =>
      sql<ClaimedCode>`with claimed as (
        update oidc_models as c set consumed_at = ${now}
        where c.model = 'AuthorizationCode' and c.id = ${param(1)} and c.consumed_at is null
          and ${validAt('c', now)} and ${issuedFor('c', req)}
        returning c.payload, c.expires_at, c.grant_id)
      select c.payload, null::timestamptz as consumed_at, c.expires_at, true as claimed,
        (select g.payload from oidc_models as g
          where g.model = 'Grant' and g.id = c.grant_id and ${validAt('g', now)}) as grant,
        (select s.payload from oidc_models as s
          where s.model = 'Session' and s.uid = c.payload->>'sessionUid' and ${validAt('s', now)}
          limit 1) as session
      from claimed as c
      union all
      select m.payload,
        case when ${issuedFor('m', req)} then coalesce(m.consumed_at, ${now}) else m.consumed_at end,
        m.expires_at, false, null::jsonb, null::jsonb
      from oidc_models as m
      where m.model = 'AuthorizationCode' and m.id = ${param(1)} and ${validAt('m', now)}
        and not exists (select 1 from claimed)`.compile(db),
  };
});

/**
 * The authorization code `id` at the token endpoint, found and, when the request is the one it
 * was issued for (client, redirect URI, PKCE verifier: what the provider checks before it
 * consumes a code), consumed in the same statement, with the grant and the session it was issued
 * under as they were at that moment. Exactly one request can claim a code: the conditional
 * UPDATE has one winner. Not claimed: the code as stored (expired ones are not found); one that
 * this request could have claimed but did not was consumed by another (a replay: `consumed_at`
 * is set, also when another request claimed it after this statement's snapshot was taken).
 */
export async function claimCode(
  db: Database,
  id: string,
  request: CodeRequest,
  now: Date,
): Promise<ClaimedCode | undefined> {
  const rows = await claimStatement(
    db,
    now,
    id,
    request.clientId ?? null,
    request.redirectUri ?? null,
    request.challenge ?? null,
  );
  return rows[0];
}
