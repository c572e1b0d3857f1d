import type { AppContext } from '../../context.js';
import { AppError } from '../errors/index.js';
import { lockedUntil, windowAdmit } from './repository.js';

// Requests a client address may make in a fixed window, for what anyone may ask without a login
// and what costs us something each time (a mail, a stored challenge): counted whether or not the
// request succeeds, unlike the lockout's failures.

/**
 * Counts one request of the address in its window (check and count in one statement, so a
 * parallel burst gets exactly the limit through), or throws the 429 of a full window: when to try
 * again (Retry-After, and in the sentence), said as a limit on requests, not as failed attempts
 * (found by an outside test: the page said "too many failed attempts, try again in a minute" to a
 * parent whose window ran ten minutes). `reason` names the limit in the problem.
 */
export async function admitFromAddress(
  ctx: AppContext,
  key: string,
  policy: { windowMs: number; maxFailures: number },
  reason: string,
): Promise<void> {
  const now = ctx.now();
  if (await windowAdmit(ctx.db, key, policy, now)) return;
  const until = await lockedUntil(ctx.db, [key], now);
  const ends = until?.getTime() ?? now.getTime() + policy.windowMs;
  const seconds = Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  throw new AppError(
    'too_many_requests',
    {
      nl: `Te veel aanvragen vanaf dit netwerk. Probeer het over ${minutes === 1 ? 'een minuut' : `${minutes} minuten`} opnieuw.`,
      fr: `Trop de demandes depuis ce réseau. Réessayez dans ${minutes === 1 ? 'une minute' : `${minutes} minutes`}.`,
      en: `Too many requests from this network. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`,
    },
    undefined,
    { retryAfterSeconds: seconds, reason },
  );
}
