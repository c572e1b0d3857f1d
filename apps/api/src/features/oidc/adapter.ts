import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { AppContext } from '../../context.js';
import { clientMetadata } from './clients.js';
import * as repo from './repository.js';

/**
 * oidc-provider's storage on Kysely: one table for every model, so several API instances on one
 * database behave as one (a flow started on one finishes on another). The Client model is read
 * from the apps table instead (apps are registered through the API, never by the provider).
 */
export function adapterFor(ctx: AppContext): new (model: string) => Adapter {
  return class KyselyAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const expiresAt = expiresIn ? new Date(ctx.now().getTime() + expiresIn * 1000) : null;
      await repo.upsertModel(ctx.db, {
        model: this.model,
        id,
        payload: payload as Record<string, unknown>,
        grantId: payload.grantId ?? null,
        uid: payload.uid ?? null,
        expiresAt,
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return clientMetadata(ctx, id);
      return this.load(await repo.findModel(ctx.db, this.model, id, ctx.now()));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.load(await repo.findModelByUid(ctx.db, this.model, uid, ctx.now()));
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
      if (await repo.consumeModel(ctx.db, this.model, id, ctx.now())) return;
      const grantId = await repo.grantIdOf(ctx.db, this.model, id);
      if (grantId) await repo.destroyByGrant(ctx.db, grantId);
      throw new errors.InvalidGrant(`${this.model} already consumed`);
    }

    async destroy(id: string): Promise<void> {
      await repo.destroyModel(ctx.db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await repo.destroyByGrant(ctx.db, grantId);
    }

    private load(row: repo.StoredModel | undefined): AdapterPayload | undefined {
      if (!row) return undefined;
      return {
        ...(row.payload as AdapterPayload),
        ...(row.consumed_at ? { consumed: Math.floor(row.consumed_at.getTime() / 1000) } : {}),
      };
    }
  };
}
