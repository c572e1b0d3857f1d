import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

// Draining before a stop (SIGTERM, server.ts): readiness answers 503 at once, so a balancer
// sends new requests elsewhere within its check interval, while this instance keeps serving what
// still reaches it, each answer with `Connection: close`, and lets its idle keep-alive
// connections go, so clients reconnect through the balancer. Only then does it close (found by an
// outside test: closing at once reset keep-alive readers and gave balancer clients 502s).

declare module 'fastify' {
  interface FastifyInstance {
    /** Starts draining (idempotent); `draining` says whether it has started. */
    startDraining(): void;
    readonly draining: boolean;
  }
}

export default fp(async function drain(app: FastifyInstance) {
  let draining = false;
  app.decorate('draining', {
    getter: () => draining,
  });
  app.decorate('startDraining', () => {
    if (draining) return;
    draining = true;
    // Runs first on every request from now on (nothing is added to a request before a drain).
    app.server.prependListener('request', (_req, res) => {
      res.shouldKeepAlive = false;
    });
    app.server.closeIdleConnections();
  });
});
