import { AsyncLocalStorage } from 'node:async_hooks';
import { hash } from 'node:crypto';
import { errors, type Adapter, type AdapterPayload, type KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../../context.js';
import { clientMetadata } from './clients.js';
import * as codes from './code-claim.repository.js';
import * as repo from './repository.js';

// PostgreSQL refuses U+0000 in text and jsonb (a 500 from the driver), and oidc-provider hands the
// adapter whatever an app sent: a code, a refresh token, a token to revoke, a client id from a
// form body, a `state` inside a pushed request. The guard lives here, at the one layer that
// knows the limit, so it covers every endpoint and every way a value arrives (query, form, JSON,
// request objects), which a check in front of the provider (whose body it reads itself) cannot:
// - an id or uid with a NUL names nothing that could have been stored: "not found", and the
//   provider answers as for any unknown value (invalid_grant, invalid_token, invalid_client);
// - a model to store with a NUL anywhere is refused as invalid_request, nothing is written, and
//   the provider's own error handling answers (at the authorization endpoint: back to the app or
//   its error page).
// Other control characters are valid in PostgreSQL text and pass through unchanged.
const NUL = '\0';

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, v] of entries)
    if ((typeof key === 'string' && key.includes(NUL)) || containsNul(v, depth + 1)) return true;
  return false;
}

/**
 * The parameters inside a pushed request's stored request object (a JWT: its claims are the
 * parameters, base64url-encoded, so a NUL in them is not in the payload's own text). Found by an
 * outside test: a pushed `state` with a NUL was kept and refused only at the authorization
 * endpoint, as an error sent back to the app with that state.
 */
function pushedParams(payload: AdapterPayload): unknown {
  const claims = typeof payload.request === 'string' ? payload.request.split('.')[1] : undefined;
  if (claims === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Saves started together, written together: inside `saveTogether(fn)`, the models that `fn` saves
 * at the same moment (e.g. `Promise.all([grant.save(), interaction.save(ttl)])`) go to the
 * database as one statement, once every save started before the next turn of the event loop has
 * asked. Each save still resolves only when its row is written (or rejects with the statement's
 * error), so nothing reads a row before it is stored; two saves of one model and id in one
 * batch are written one after the other, in the order they were made.
 */
const batches = new AsyncLocalStorage<SaveBatch>();

export function saveTogether<T>(fn: () => Promise<T>): Promise<T> {
  return batches.run(new SaveBatch(), fn);
}

class SaveBatch {
  private pending: Array<{ row: repo.ModelRow; done(err?: unknown): void }> = [];

  save(ctx: AppContext, row: repo.ModelRow): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.pending.length) setImmediate(() => void this.flush(ctx));
      this.pending.push({ row, done: (err) => (err === undefined ? resolve() : reject(err)) });
    });
  }

  private async flush(ctx: AppContext): Promise<void> {
    const saves = this.pending;
    this.pending = [];
    const keys = new Set(saves.map((s) => `${s.row.model}\0${s.row.id}`));
    try {
      if (keys.size === saves.length)
        await repo.upsertModels(
          ctx.db,
          saves.map((s) => s.row),
        );
      else for (const s of saves) await repo.upsertModel(ctx.db, s.row);
    } catch (err) {
      for (const s of saves) s.done(err ?? new Error('save failed'));
      return;
    }
    for (const s of saves) s.done();
  }
}

/**
 * The provider's request being handled, for what the adapter does differently at the token
 * endpoint: a code exchange claims the code when it finds it (see find()), and the claim, the
 * grant and the session read with it answer the same request's consume() and finds. Per request,
 * never across requests.
 */
interface ProviderRequest {
  k: KoaContextWithOIDC;
  /** Codes this request claimed (consumed) when it found them. */
  claimed: Set<string>;
  /** Rows read with a claimed code, by model and id (Grant) or uid (Session). */
  rows: Map<string, Record<string, unknown> | null>;
}

const requests = new AsyncLocalStorage<ProviderRequest>();

/** The provider's first middleware (provider.use): each request with its ProviderRequest. */
export function adapterRequest(k: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  return requests.run({ k, claimed: new Set(), rows: new Map() }, next);
}

/** The code exchange (authorization_code grant) the current request makes with `code`, if any. */
function codeExchange(code: string): CodeRequestOf | undefined {
  const r = requests.getStore();
  const oidc = r?.k.oidc;
  if (!r || oidc?.route !== 'token' || !claimsEarly(oidc.client)) return undefined;
  const params = oidc.params as Record<string, unknown> | undefined;
  if (params?.grant_type !== 'authorization_code' || params.code !== code) return undefined;
  const verifier = params.code_verifier;
  // The provider's own check of the verifier's form (43 to 128 of [A-Za-z0-9._~-]), then S256.
  const valid = typeof verifier === 'string' && /^[\w.\-~]{43,128}$/.test(verifier);
  return {
    r,
    request: {
      clientId: text(oidc.client?.clientId),
      redirectUri: text(params.redirect_uri),
      challenge: valid ? hash('sha256', verifier, 'base64url') : undefined,
    },
  };
}

/**
 * The early claim repeats in SQL what oidc-provider 9 checks before it consumes a code
 * (lib/actions/grants/authorization_code.js: the client, expiry, the S256 verifier and the exact
 * redirect URI; re-read it on every upgrade: oidc-version.test.ts fails on a new version). It
 * does not repeat the checks for a client whose tokens are bound to DPoP proofs or to a TLS
 * certificate, or that authenticates by attestation: such a client's code takes the provider's
 * own order (find, check, consume), so a request that fails those checks cannot use it up. No
 * app is registered that way today (clients.ts), nor with plain PKCE or an omitted redirect URI
 * (pkce.required, allowOmittingSingleRegisteredRedirectUri in provider.ts).
 */
function claimsEarly(client: unknown): boolean {
  if (!client) return false;
  const c = client as {
    dpopBoundAccessTokens?: unknown;
    tlsClientCertificateBoundAccessTokens?: unknown;
    clientAuthMethod?: unknown;
  };
  return (
    !c.dpopBoundAccessTokens &&
    !c.tlsClientCertificateBoundAccessTokens &&
    !String(c.clientAuthMethod).startsWith('attest_jwt_client_auth')
  );
}

/** A string PostgreSQL can compare (no NUL, see above); anything else matches no code. */
const text = (v: unknown) => (typeof v === 'string' && !v.includes(NUL) ? v : undefined);

type CodeRequestOf = { r: ProviderRequest; request: codes.CodeRequest };

const rowKey = (model: string, by: 'id' | 'uid', key: string) => `${model}\0${by}\0${key}`;

/**
 * oidc-provider's storage on Kysely: one table for every model, so several API instances on one
 * database behave as one (a flow started on one finishes on another). The Client model is read
 * from the apps table instead (apps are registered through the API, never by the provider).
 */
export function adapterFor(ctx: AppContext): new (model: string) => Adapter {
  return class extends KyselyAdapter {
    constructor(model: string) {
      super(ctx, model);
    }
  };
}

class KyselyAdapter implements Adapter {
  constructor(
    private readonly ctx: AppContext,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    if (id.includes(NUL) || containsNul(payload) || containsNul(pushedParams(payload)))
      throw new errors.InvalidRequest('request parameters must not contain NUL characters');
    const expiresAt = expiresIn ? new Date(this.ctx.now().getTime() + expiresIn * 1000) : null;
    const row = {
      model: this.model,
      id,
      payload: payload as Record<string, unknown>,
      grantId: payload.grantId ?? null,
      uid: payload.uid ?? null,
      expiresAt,
    };
    this.forget(id, payload.uid);
    const batch = batches.getStore();
    if (batch) await batch.save(this.ctx, row);
    else await repo.upsertModel(this.ctx.db, row);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (id.includes(NUL)) return undefined;
    if (this.model === 'Client') return clientMetadata(this.ctx, id);
    const exchange = this.model === 'AuthorizationCode' ? codeExchange(id) : undefined;
    if (exchange) return this.claim(id, exchange);
    const read = this.readWithClaim('id', id);
    if (read) return read;
    return this.load(await repo.findModel(this.ctx.db, this.model, id, this.ctx.now()));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    if (uid.includes(NUL)) return undefined;
    const read = this.readWithClaim('uid', uid);
    if (read) return read;
    return this.load(await repo.findModelByUid(this.ctx.db, this.model, uid, this.ctx.now()));
  }

  /**
   * A code exchange: the code found and, when the request is the one it was issued for, consumed
   * at once (codes.claimCode), so that consume() needs no statement of its own; the grant and the
   * session read with it answer this request's finds. A request that does not match (another
   * client, redirect URI or verifier) claims nothing: the provider refuses it, and the code stays
   * usable, as before. A code that a matching request finds consumed is a replay; the provider
   * refuses it and revokes the grant (as when it finds a consumed code itself).
   */
  private async claim(id: string, { r, request }: CodeRequestOf) {
    const row = await codes.claimCode(this.ctx.db, id, request, this.ctx.now());
    if (row?.claimed) {
      r.claimed.add(id);
      const { grantId, sessionUid } = row.payload;
      if (typeof grantId === 'string') r.rows.set(rowKey('Grant', 'id', grantId), row.grant);
      if (typeof sessionUid === 'string')
        r.rows.set(rowKey('Session', 'uid', sessionUid), row.session);
    }
    return this.load(row);
  }

  /** A row read with this request's claimed code (undefined: not read with it). */
  private readWithClaim(
    by: 'id' | 'uid',
    key: string,
  ): Promise<AdapterPayload | undefined> | undefined {
    const rows = requests.getStore()?.rows;
    const k = rowKey(this.model, by, key);
    if (!rows?.has(k)) return undefined;
    const payload = rows.get(k);
    return Promise.resolve(
      payload ? this.load({ payload, consumed_at: null, expires_at: null }) : undefined,
    );
  }

  /** A row this request writes or deletes is read again, not answered from the claim. */
  private forget(id: string, uid?: string) {
    const rows = requests.getStore()?.rows;
    if (!rows?.size) return;
    rows.delete(rowKey(this.model, 'id', id));
    if (uid) rows.delete(rowKey(this.model, 'uid', uid));
    if (this.model === 'Session')
      for (const key of rows.keys()) if (key.startsWith(`Session\0`)) rows.delete(key);
  }

  // The device flow is off: nothing has a user code.
  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined;
  }

  /**
   * oidc-provider checks `consumed` on the payload it read, then calls consume(): two requests
   * with one code (or one refresh token) can both pass that check. The conditional UPDATE has
   * exactly one winner; the loser is a replay, so it is refused and everything issued under
   * the grant is revoked (RFC 6749 4.1.2), the winner's tokens included. A code exchange claimed
   * its code when it found it (claim()): the winner's consume() has nothing left to do, and the
   * loser found the code consumed, which the provider refuses and revokes the same way.
   */
  async consume(id: string): Promise<void> {
    if (id.includes(NUL)) throw new errors.InvalidGrant(`${this.model} not found`);
    // Claimed by this request when it found the code: consumed already, by this request.
    if (this.model === 'AuthorizationCode' && requests.getStore()?.claimed.delete(id)) return;
    if (await repo.consumeModel(this.ctx.db, this.model, id, this.ctx.now())) return;
    const grantId = await repo.grantIdOf(this.ctx.db, this.model, id);
    if (grantId) await repo.destroyByGrant(this.ctx.db, grantId);
    throw new errors.InvalidGrant(`${this.model} already consumed`);
  }

  async destroy(id: string): Promise<void> {
    if (id.includes(NUL)) return;
    this.forget(id);
    const deleted = await repo.destroyModel(this.ctx.db, this.model, id);
    // The resume ends the interaction it read, before it issues the code. Two resumes of one
    // interaction at once (the browser's continueTo, twice) may both have read it: the one whose
    // delete finds the row goes on, the other stops here with the provider's error page, so one
    // authorization request gives one code and one grant.
    if (!deleted && this.model === 'Interaction' && requests.getStore()?.k.oidc?.route === 'resume')
      throw new errors.SessionNotFound('interaction session not found');
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    if (grantId.includes(NUL)) return;
    requests.getStore()?.rows.delete(rowKey('Grant', 'id', grantId));
    await repo.destroyByGrant(this.ctx.db, grantId);
  }

  private load(row: repo.StoredModel | undefined): AdapterPayload | undefined {
    if (!row) return undefined;
    return {
      ...(row.payload as AdapterPayload),
      ...(row.consumed_at ? { consumed: Math.floor(row.consumed_at.getTime() / 1000) } : {}),
    };
  }
}
