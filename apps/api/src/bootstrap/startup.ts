import type { Config } from '../config.js';
import type { StartupContext } from '../context.js';
import type { DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { withStartupLock } from '../db/startup-lock.js';
import { ensurePlatformAdmin } from './platform-admin.js';
import { seedDemo } from './seed-demo.js';

/**
 * Work an instance does before it serves. Steps run in order under the installation's start-up
 * lock (one instance at a time), on the connection that holds it (`ctx.db`), and must be
 * idempotent: look, then do what is missing. N instances started together all come up and the
 * work is done once. New start-up work (the identity provider's signing keys) is one more step.
 */
export interface StartupStep {
  name: string;
  run(ctx: StartupContext, print: (line: string) => void): Promise<void>;
}

export const migrationsStep: StartupStep = {
  name: 'migrations',
  run: async (ctx) => void (await migrateToLatest(ctx.db)),
};
export const platformAdminStep: StartupStep = { name: 'platform admin', run: ensurePlatformAdmin };
export const demoDataStep: StartupStep = { name: 'demo data', run: seedDemo };

/** What every instance does at start, in this order. */
export function startupSteps(config: Pick<Config, 'seedDemo'>): StartupStep[] {
  return [migrationsStep, platformAdminStep, ...(config.seedDemo ? [demoDataStep] : [])];
}

export async function runStartup(
  database: DatabaseHandle,
  ctx: StartupContext,
  steps: readonly StartupStep[],
  print: (line: string) => void,
): Promise<void> {
  await withStartupLock(database, async (db) => {
    const locked: StartupContext = { ...ctx, db };
    for (const step of steps) {
      try {
        await step.run(locked, print);
      } catch (err) {
        throw new Error(`Start-up step "${step.name}" failed: ${(err as Error).message}`, {
          cause: err,
        });
      }
    }
  });
}
