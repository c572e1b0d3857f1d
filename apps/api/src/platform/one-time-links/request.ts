import type { AppContext } from '../../context.js';
import { admitFromAddress } from '../throttles/index.js';

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
  await admitFromAddress(ctx, request.ipKey, request.policy, 'too_many_link_requests');
  try {
    await attempt();
  } catch (err) {
    request.log.error({ err }, request.failure);
  }
  const wait = REQUEST_FLOOR_MS - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
