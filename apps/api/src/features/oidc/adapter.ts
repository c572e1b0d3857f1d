import { AsyncLocalStorage } from 'node:async_hooks';
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { AppContext } from '../../context.js';
import { clientMetadata } from './clients.js';
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
    if (id.includes(NUL) || containsNul(payload))
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
    const batch = batches.getStore();
    if (batch) await batch.save(this.ctx, row);
    else await repo.upsertModel(this.ctx.db, row);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (id.includes(NUL)) return undefined;
    if (this.model === 'Client') return clientMetadata(this.ctx, id);
    return this.load(await repo.findModel(this.ctx.db, this.model, id, this.ctx.now()));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    if (uid.includes(NUL)) return undefined;
    return this.load(await repo.findModelByUid(this.ctx.db, this.model, uid, this.ctx.now()));
  }

  // The device flow is off: nothing has a user code.
  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined;
  }

  /**
   * oidc-provider checks `consumed` on the payload it read, then calls consume(): two requests
   * with one code (or one refresh token) can both pass that check. The conditional UPDATE has
   * exactly one winner; the loser is a replay, so it is refused and everything issued under
   * the grant is revoked (RFC 6749 4.1.2), the winner's tokens included.
   */
  async consume(id: string): Promise<void> {
    if (id.includes(NUL)) throw new errors.InvalidGrant(`${this.model} not found`);
    if (await repo.consumeModel(this.ctx.db, this.model, id, this.ctx.now())) return;
    const grantId = await repo.grantIdOf(this.ctx.db, this.model, id);
    if (grantId) await repo.destroyByGrant(this.ctx.db, grantId);
    throw new errors.InvalidGrant(`${this.model} already consumed`);
  }

  async destroy(id: string): Promise<void> {
    if (id.includes(NUL)) return;
    await repo.destroyModel(this.ctx.db, this.model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    if (grantId.includes(NUL)) return;
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
