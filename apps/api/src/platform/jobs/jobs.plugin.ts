import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Scheduler, type Job } from './scheduler.js';

declare module 'fastify' {
  interface FastifyInstance {
    scheduler: Scheduler;
  }
}

/**
 * The scheduler of this instance: decorated as `app.scheduler`, ticking every JOBS_TICK_SECONDS (a minute) after the
 * app is ready and stopped (after the job in flight) when it closes. Not started in tests (they
 * call `app.scheduler.tick()` with a moving clock) nor when JOBS_ENABLED=false.
 */
export default fp(
  async function jobsPlugin(app: FastifyInstance, opts: { jobs: readonly Job[] }) {
    // How often this instance looks for due jobs (JOBS_TICK_SECONDS); periods are the jobs' own.
    const tickMs = app.ctx.config.jobsTickMs;
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
        if (!stopped) timer = setTimeout(tick, tickMs);
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
