import type { AppContext } from '../../context.js';
import { AppError } from '../errors/index.js';
import { lockedUntil, windowAdmit } from '../throttles/index.js';

/**
 * Every link request takes at least this long, so a match (which writes and queues a mail) cannot
 * be told apart by timing.
 */
export const REQUEST_FLOOR_MS = 400;

export interface LinkRequest {
  /** the throttle key of the client address, and its window */
  ipKey: string;
  policy: { windowMs: number; maxFailures: number };
  log: { error(obj: object, msg: string): void };
  /** what the log says when an attempt fails */
  failure: string;
}

/**
 * The 429 of an address over its window: when to try again (Retry-After, and in the sentence),
 * said as a limit on requests, not as failed attempts (found by an outside test: the page said
 * "too many failed attempts, try again in a minute" to a parent whose window ran ten minutes).
 */
async function tooManyRequests(ctx: AppContext, request: LinkRequest, now: Date) {
  const until = await lockedUntil(ctx.db, [request.ipKey], now);
  const ends = until?.getTime() ?? now.getTime() + request.policy.windowMs;
  const seconds = Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new AppError(
    'too_many_requests',
    {
      nl: `Te veel aanvragen vanaf dit netwerk. Probeer het over ${minutes === 1 ? 'een minuut' : `${minutes} minuten`} opnieuw.`,
      fr: `Trop de demandes depuis ce réseau. Réessayez dans ${minutes === 1 ? 'une minute' : `${minutes} minutes`}.`,
      en: `Too many requests from this network. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`,
    },
    undefined,
    { retryAfterSeconds: seconds, reason: 'too_many_link_requests' },
  );
}

/**
 * The request flow of "mail me a link": throttled by client address, then the attempt (which
 * sends a mail only on a match), and always the same answer after the same minimum time. A
 * failing attempt must not change the answer (that would tell a match apart); it is logged.
 */
export async function answerUniformly(
  ctx: AppContext,
  request: LinkRequest,
  attempt: () => Promise<void>,
): Promise<void> {
  const started = Date.now();
  const now = ctx.now();
  // Check and count in one statement, so that a parallel burst gets exactly the limit through.
  if (!(await windowAdmit(ctx.db, request.ipKey, request.policy, now)))
    throw await tooManyRequests(ctx, request, now);
  try {
    await attempt();
  } catch (err) {
    request.log.error({ err }, request.failure);
  }
  const wait = REQUEST_FLOOR_MS - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
