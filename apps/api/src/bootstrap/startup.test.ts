import { describe, expect, it } from '@jest/globals';
import { runStartup, type StartupStep } from './startup.js';
import { appForFile } from '../test/per-file.js';

// The lock itself, on both databases (PostgreSQL: advisory lock; PGlite: one process, a queue).
// Several instances on one PostgreSQL database: src/test/reliability/startup.pg.test.ts.

const t = appForFile();

describe('runStartup', () => {
  it('runs the steps of concurrent starts one start at a time, also after a failed one', async () => {
    let inside = 0;
    let most = 0;
    const order: string[] = [];
    const step = (name: string, fail = false): StartupStep => ({
      name,
      async run(ctx) {
        inside++;
        most = Math.max(most, inside);
        // A few round trips on the lock's connection while holding it.
        for (let i = 0; i < 3; i++)
          await ctx.db.selectFrom('institutions').select('id').limit(1).execute();
        order.push(name);
        inside--;
        if (fail) throw new Error('boom');
      },
    });
    const results = await Promise.allSettled([
      runStartup(t.database, t.ctx, [step('a1'), step('a2')], () => undefined),
      runStartup(t.database, t.ctx, [step('b1', true), step('b2')], () => undefined),
      runStartup(t.database, t.ctx, [step('c1'), step('c2')], () => undefined),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(
      /Start-up step "b1" failed: boom/,
    );
    expect(most).toBe(1);
    // A start's steps are never interleaved with another's; the failed start stops at its step.
    const joined = order.join(' ');
    expect(joined).toMatch(/a1 a2/);
    expect(joined).toMatch(/c1 c2/);
    expect(order).not.toContain('b2');
    // The lock is free again.
    await runStartup(t.database, t.ctx, [step('d1')], () => undefined);
    expect(order.at(-1)).toBe('d1');
  });
});
