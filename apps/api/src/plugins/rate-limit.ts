import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../platform/errors/index.js';
import { countRequest } from '../platform/throttles/index.js';

// Requests per API key and minute, counted in PostgreSQL (login_throttles, key `apikey:<id>`) so
// that several instances share one count. Every answer to a key carries the IETF headers of
// draft-ietf-httpapi-ratelimit-headers (RateLimit-Policy, RateLimit); over the limit, 429
// too_many_requests with Retry-After, and the request does nothing.

export const RATE_WINDOW_SECONDS = 60;
export const RATE_POLICY_NAME = 'per-key';

const OVER_LIMIT = (limit: number, seconds: number) => ({
  nl: `Deze API-sleutel mag ${limit} verzoeken per minuut doen. Probeer opnieuw over ${seconds} s.`,
  fr: `Cette clé d'API peut faire ${limit} requêtes par minute. Réessayez dans ${seconds} s.`,
  en: `This API key may make ${limit} requests per minute. Try again in ${seconds} s.`,
});

export async function limitApiKey(
  ctx: AppContext,
  reply: FastifyReply,
  key: { id: string; rateLimitPerMinute: number | null },
): Promise<void> {
  const limit = key.rateLimitPerMinute ?? ctx.config.apiKeyRateLimit;
  const now = ctx.now();
  const { count, windowStartedAt } = await countRequest(
    ctx.db,
    `apikey:${key.id}`,
    RATE_WINDOW_SECONDS * 1000,
    now,
  );
  const resetMs = windowStartedAt.getTime() + RATE_WINDOW_SECONDS * 1000 - now.getTime();
  const reset = Math.max(1, Math.ceil(resetMs / 1000));
  reply.header('ratelimit-policy', `"${RATE_POLICY_NAME}";q=${limit};w=${RATE_WINDOW_SECONDS}`);
  reply.header('ratelimit', `"${RATE_POLICY_NAME}";r=${Math.max(0, limit - count)};t=${reset}`);
  if (count > limit)
    throw new AppError('too_many_requests', OVER_LIMIT(limit, reset), undefined, {
      retryAfterSeconds: reset,
    });
}
