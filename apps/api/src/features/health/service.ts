import type { AppContext } from '../../context.js';
import { AppError } from '../../platform/errors/index.js';
import { ping } from './repository.js';

/** Readiness answers within this, whatever the database does. */
export const READY_BUDGET_MS = 800;

/**
 * The database check of /api/health/ready: a `select 1` that must answer within the budget. A
 * ping still waiting for a pool connection is abandoned here and ends by the pool's own acquire
 * timeout.
 */
export async function readiness(ctx: AppContext): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ping(ctx.db).then(
      () => 'ok' as const,
      () => 'down' as const,
    ),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), READY_BUDGET_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  if (outcome !== 'ok') {
    throw new AppError(
      'unavailable',
      outcome === 'timeout'
        ? `The database did not answer within ${READY_BUDGET_MS} ms.`
        : 'The database cannot be reached.',
      undefined,
      { checks: { database: outcome }, retryAfterSeconds: 5 },
    );
  }
}

/** The readiness of an instance that is stopping: send new requests elsewhere. */
export function draining(): AppError {
  return new AppError('unavailable', 'This instance is stopping.', undefined, {
    checks: { shutdown: 'draining' },
    retryAfterSeconds: 1,
  });
}
