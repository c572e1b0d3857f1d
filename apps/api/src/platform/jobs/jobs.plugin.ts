import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Scheduler, type Job } from './scheduler.js';

declare module 'fastify' {
  interface FastifyInstance {
    scheduler: Scheduler;
  }
}

/** How often an instance looks for due jobs. Periods are the jobs' own (minutes to a day). */
const TICK_MS = 60_000;

/**
 * The scheduler of this instance: decorated as `app.scheduler`, ticking once a minute after the
 * app is ready and stopped (after the job in flight) when it closes. Not started in tests (they
 * call `app.scheduler.tick()` with a moving clock) nor when JOBS_ENABLED=false.
 */
export default fp(
  async function jobsPlugin(app: FastifyInstance, opts: { jobs: readonly Job[] }) {
    const log = app.log.child({ component: 'jobs' });
    const scheduler = new Scheduler(app.ctx, opts.jobs, log);
    app.decorate('scheduler', scheduler);
    if (app.ctx.config.nodeEnv === 'test' || !app.ctx.config.jobsEnabled) return;

    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    const tick = () => {
      running = (async () => {
        try {
          await scheduler.tick();
        } catch (err) {
          log.error({ err }, 'job scheduler pass failed');
        }
        if (!stopped) timer = setTimeout(tick, TICK_MS);
      })();
    };
    app.addHook('onReady', async () => {
      timer = setTimeout(tick, 0);
    });
    app.addHook('preClose', async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    });
  },
  { name: 'jobs' },
);
