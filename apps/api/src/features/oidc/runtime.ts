import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../../context.js';
import { afterEndSession } from './end-session.js';
import { ensureSigningKeys, loadSigningKeys, signingKeysVersion } from './keys.js';
import { createProvider, type PortalPersonLookup } from './provider.js';
import { purgeExpired } from './repository.js';
import { recordSignIn } from './sign-ins.service.js';
import { formPostHeaders, switchPageHeaders } from './form-headers.js';

/** How often an instance looks whether another one rotated the signing keys. */
const KEY_CHECK_MS = 60_000;
const PURGE_EVERY_MS = 10 * 60_000;

/** The part of a (pino) logger the runtime uses. */
export interface ErrorLog {
  error(details: object, message: string): void;
}

/** Each request's logger (bound to its request id), for what the provider reports about it. */
const requestLogs = new WeakMap<IncomingMessage, ErrorLog>();

/** Called before a request is handed to the provider (the provider only sees the raw request). */
export function rememberRequestLog(req: IncomingMessage, log: ErrorLog): void {
  requestLogs.set(req, log);
}

/**
 * The provider of this instance. It is rebuilt when the signing keys change (a rotation by any
 * instance or by `pnpm oidc:rotate-keys`); everything else it keeps lives in the database.
 */
export class OidcRuntime {
  private provider!: Provider;
  /** The provider's request handler, built once per provider (Koa composes its middleware). */
  private handler!: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  private version = '';
  private checkedAt = 0;
  private purgeTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly ctx: AppContext,
    private readonly portalPerson: PortalPersonLookup,
    private readonly log: ErrorLog,
  ) {}

  static async start(
    ctx: AppContext,
    portalPerson: PortalPersonLookup,
    log: ErrorLog,
  ): Promise<OidcRuntime> {
    const runtime = new OidcRuntime(ctx, portalPerson, log);
    await ensureSigningKeys(ctx);
    await runtime.reload();
    runtime.purgeTimer = setInterval(() => {
      void purgeExpired(ctx.db, ctx.now()).catch(() => undefined);
    }, PURGE_EVERY_MS);
    runtime.purgeTimer.unref();
    return runtime;
  }

  stop(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
  }

  private async reload(): Promise<void> {
    const version = await signingKeysVersion(this.ctx);
    const keys = await loadSigningKeys(this.ctx);
    const provider = createProvider(this.ctx, keys, this.portalPerson);
    provider.use(this.afterwards());
    provider.on('server_error', (k: KoaContextWithOIDC, err: Error) => this.serverError(k, err));
    this.provider = provider;
    this.handler = provider.callback();
    this.version = version;
    this.checkedAt = this.ctx.now().getTime();
  }

  async current(): Promise<Provider> {
    const now = this.ctx.now().getTime();
    if (now - this.checkedAt >= KEY_CHECK_MS) {
      this.checkedAt = now;
      if ((await signingKeysVersion(this.ctx)) !== this.version) await this.reload();
    }
    return this.provider;
  }

  /** The current provider's request handler (see current()). */
  async callback(): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
    await this.current();
    return this.handler;
  }

  /**
   * The provider answered 500 server_error and logs nothing itself: log it, with the request id
   * (the request's own logger) and where it happened; the path without its query string, the
   * error without its properties (a driver error may carry values), so no secret is written.
   */
  private serverError(k: KoaContextWithOIDC, err: Error): void {
    const log = requestLogs.get(k.req) ?? this.log;
    log.error(
      {
        oidc: { route: k.oidc?.route, method: k.method, path: k.path },
        error: { type: err?.name, message: err?.message, stack: err?.stack },
      },
      'OpenID provider server_error',
    );
  }

  /** Work that must be done before the provider's answer leaves (awaited, not an event). */
  private afterwards() {
    const ctx = this.ctx;
    const portalPerson = this.portalPerson;
    return async (k: KoaContextWithOIDC, next: () => Promise<void>) => {
      await next();
      const route = k.oidc?.route;
      if (
        route === 'token' &&
        k.status === 200 &&
        k.oidc.params?.grant_type === 'authorization_code'
      ) {
        const code = k.oidc.entities.AuthorizationCode;
        if (code?.accountId && k.oidc.client)
          await recordSignIn(ctx, code.accountId, k.oidc.client.clientId);
      }
      if (route === 'authorization' || route === 'resume') formPostHeaders(k);
      if (route === 'resume') switchPageHeaders(k);
      if (route === 'end_session' || route === 'end_session_confirm')
        await afterEndSession(ctx, portalPerson, k);
    };
  }
}
