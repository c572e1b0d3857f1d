import type { Actor, AppContext } from '../../context.js';
import { assertId, notFound } from '../../platform/errors/index.js';
import { newToken, tokenHash } from '../../platform/security/index.js';
import * as repo from './repository.js';
import type { ApiKey, CreateApiKeyBody, UpdateApiKeyBody } from './schemas.js';

type Row = Awaited<ReturnType<typeof repo.list>>[number];

const toApiKey = (ctx: AppContext, r: Row): ApiKey => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  prefix: r.prefix,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  rateLimitPerMinute: r.rate_limit_per_minute ?? ctx.config.apiKeyRateLimit,
  rateLimitIsDefault: r.rate_limit_per_minute === null,
});

export async function list(ctx: AppContext, iid: string) {
  return (await repo.list(ctx.db, iid)).map((r) => toApiKey(ctx, r));
}

/** A key's own request limit, or null for the default; counts of the running minute stay. */
export async function update(ctx: AppContext, iid: string, id: string, body: UpdateApiKeyBody) {
  assertId(id, 'API key');
  const row = await repo.setRateLimit(ctx.db, iid, id, body.rateLimitPerMinute);
  if (!row) throw notFound('API key');
  return toApiKey(ctx, row);
}

/** The key is shown once; only its SHA-256 is stored (it has 256 bits of entropy). */
export async function create(ctx: AppContext, iid: string, actor: Actor, body: CreateApiKeyBody) {
  const token = `slk_${newToken()}`;
  const row = await repo.insert(ctx.db, {
    institution_id: iid,
    name: body.name.trim(),
    prefix: token.slice(0, 10),
    token_hash: tokenHash(token),
    scope: body.scope,
    created_by: actor.kind === 'admin' ? actor.id : null,
  });
  return { ...toApiKey(ctx, row), token };
}

export async function revoke(ctx: AppContext, iid: string, id: string) {
  assertId(id, 'API key');
  if (!(await repo.revoke(ctx.db, iid, id, ctx.now()))) throw notFound('API key');
}
