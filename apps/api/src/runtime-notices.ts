/**
 * Imported first by the entry points (server, jobs) so it runs before oidc-provider loads.
 *
 * oidc-provider 9 prints "Unsupported runtime. Use Node.js v22.x LTS" once at import on Node 20
 * (it compares LTS code names). docs/decisions.md records why Node 20 is supported; the warning
 * only makes a newcomer's first `pnpm start` look broken. This drops exactly that line and nothing
 * else: every other console.warn passes through unchanged.
 */
const UNSUPPORTED_RUNTIME = 'oidc-provider WARNING: Unsupported runtime.';

const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const first = args[0];
  // attention.js wraps the line in colour codes when stderr is a TTY, hence includes().
  if (typeof first === 'string' && first.includes(UNSUPPORTED_RUNTIME)) {
    return;
  }
  warn(...args);
};
