import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { deliverOutbox, smtpTransport, type MailTransport } from './outbox.js';

const IDLE_MS = 2_000;
const BATCH = 20;

/**
 * Background sender of the mail outbox, started when the app is ready and stopped (after the
 * pass in flight) when it closes. Not started in tests: they call deliverOutbox() themselves.
 * Every instance may run one; a lease per row (renewed while its mail is in flight) keeps them
 * from sending the same mail.
 */
export default fp(async function mailSender(app: FastifyInstance) {
  const ctx = app.ctx;
  if (ctx.config.nodeEnv === 'test') return;
  const log = app.log.child({ component: 'mail' });
  const transport: MailTransport | undefined = ctx.config.smtpUrl
    ? smtpTransport(ctx.config.smtpUrl)
    : undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const tick = () => {
    running = (async () => {
      let delay = IDLE_MS;
      try {
        const r = await deliverOutbox(ctx, transport, log, BATCH);
        if (r.sent + r.failed + r.retrying + r.logged + r.unreadable >= BATCH) delay = 0;
      } catch (err) {
        log.error({ err }, 'mail outbox pass failed');
      }
      if (!stopped) timer = setTimeout(tick, delay);
    })();
  };

  app.addHook('onReady', async () => {
    if (!transport) log.info('SMTP_URL is not set: mails stay in the outbox');
    timer = setTimeout(tick, 0);
  });
  // preClose: the pass in flight finishes before the database is closed in onClose.
  app.addHook('preClose', async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
    transport?.close?.();
  });
});
