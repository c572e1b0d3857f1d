import type { FastifyReply } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { AppContext } from '../context.js';
import { AppError } from '../platform/errors/index.js';
import { leaseRequests } from '../platform/throttles/index.js';

// Requests per API key and minute, counted in PostgreSQL (request_windows, key `apikey:<id>`) so
// that several instances share one count. Every answer to a key carries the IETF headers of
// draft-ietf-httpapi-ratelimit-headers (RateLimit-Policy, RateLimit); over the limit, 429
// too_many_requests with Retry-After, and the request does nothing.
//
// An instance does not write a count per request: it leases a share of what is left of the
// minute (a sixteenth, at least one request) and spends it in memory. Far from the limit a busy
// key costs one write in many requests instead of a write per request on one hot row; near the
// limit every request is leased one by one, so the limit is exact. Requests another instance
// leased and has not spent yet count as spent here: a key spread over instances may be told a
// few requests fewer than it has, never more.

export const RATE_WINDOW_SECONDS = 60;
export const RATE_POLICY_NAME = 'per-key';
const WINDOW_MS = RATE_WINDOW_SECONDS * 1000;

const OVER_LIMIT = (limit: number, seconds: number) => ({
  nl: `Deze API-sleutel mag ${limit} verzoeken per minuut doen. Probeer opnieuw over ${seconds} s.`,
  fr: `Cette clé d'API peut faire ${limit} requêtes par minute. Réessayez dans ${seconds} s.`,
  en: `This API key may make ${limit} requests per minute. Try again in ${seconds} s.`,
});

interface Lease {
  limit: number;
  windowStartedAt: Date;
  windowEndsAt: number;
  /** Requests counted in the window, this instance's unspent ones included. */
  used: number;
  /** Leased here and not spent yet. */
  left: number;
}

/** One per app instance: the leases of its keys. */
export class ApiKeyLimiter {
  readonly #leases = new LRUCache<string, Lease>({ max: 10_000 });
  readonly #pending = new Map<string, Promise<void>>();

  constructor(private readonly ctx: AppContext) {}

  /**
   * Counts one request of the key; sets the headers; throws 429 over the limit. Answers a promise
   * only when it must wait for a lease: most requests spend what is leased already, with no
   * promise of their own.
   */
  limit(
    reply: FastifyReply,
    key: { id: string; rateLimitPerMinute: number | null },
  ): Promise<void> | undefined {
    const limit = key.rateLimitPerMinute ?? this.ctx.config.apiKeyRateLimit;
    const now = this.ctx.now().getTime();
    const lease = this.#spendable(key.id, limit, now);
    if (!lease) return this.#leaseAndSpend(reply, key.id, limit);
    this.#spend(reply, lease, limit, now);
    return undefined;
  }

  async #leaseAndSpend(reply: FastifyReply, id: string, limit: number): Promise<void> {
    for (;;) {
      await (this.#pending.get(id) ?? this.#renew(id, limit));
      const now = this.ctx.now().getTime();
      const lease = this.#spendable(id, limit, now);
      if (lease) return this.#spend(reply, lease, limit, now);
    }
  }

  #spend(reply: FastifyReply, lease: Lease, limit: number, now: number): void {
    lease.left -= 1;
    const count = lease.used - lease.left;
    const reset = Math.max(1, Math.ceil((lease.windowEndsAt - now) / 1000));
    reply.header('ratelimit-policy', `"${RATE_POLICY_NAME}";q=${limit};w=${RATE_WINDOW_SECONDS}`);
    reply.header('ratelimit', `"${RATE_POLICY_NAME}";r=${Math.max(0, limit - count)};t=${reset}`);
    if (count > limit)
      throw new AppError('too_many_requests', OVER_LIMIT(limit, reset), undefined, {
        retryAfterSeconds: reset,
      });
  }

  #spendable(id: string, limit: number, now: number): Lease | undefined {
    const lease = this.#leases.get(id);
    if (!lease || lease.left <= 0 || lease.limit !== limit) return undefined;
    if (now >= lease.windowEndsAt) return undefined;
    return lease;
  }

  /**
   * One lease request per key at a time; requests that arrive meanwhile wait for it. A lease
   * of the same window that is left over (the school changed the key's limit) is given back in
   * the same statement, so a lower limit counts only the requests really made.
   */
  #renew(id: string, limit: number): Promise<void> {
    const old = this.#leases.get(id);
    this.#leases.delete(id);
    const pending = (async () => {
      try {
        const now = this.ctx.now();
        const unspent =
          old && old.left > 0 && now.getTime() < old.windowEndsAt
            ? { count: old.left, windowStartedAt: old.windowStartedAt }
            : undefined;
        const { used, lease, windowStartedAt } = await leaseRequests(
          this.ctx.db,
          `apikey:${id}`,
          limit,
          WINDOW_MS,
          now,
          unspent,
        );
        this.#leases.set(id, {
          limit,
          windowStartedAt,
          windowEndsAt: windowStartedAt.getTime() + WINDOW_MS,
          used,
          left: lease,
        });
      } finally {
        this.#pending.delete(id);
      }
    })();
    this.#pending.set(id, pending);
    return pending;
  }
}
