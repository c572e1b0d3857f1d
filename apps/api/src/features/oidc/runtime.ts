import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../../context.js';
import { destroySession, COOKIE_NAMES } from '../auth/index.js';
import { ensureSigningKeys, loadSigningKeys, signingKeysVersion } from './keys.js';
import { createProvider, type PortalPersonLookup } from './provider.js';
import { purgeExpired } from './repository.js';
import { recordSignIn } from './sign-ins.service.js';
import { formPageHeaders } from './form-headers.js';

/** How often an instance looks whether another one rotated the signing keys. */
const KEY_CHECK_MS = 60_000;
const PURGE_EVERY_MS = 10 * 60_000;

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
  ) {}

  static async start(ctx: AppContext, portalPerson: PortalPersonLookup): Promise<OidcRuntime> {
    const runtime = new OidcRuntime(ctx, portalPerson);
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

  /** Work that must be done before the provider's answer leaves (awaited, not an event). */
  private afterwards() {
    const ctx = this.ctx;
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
      // Sign-out without a provider session: oidc-provider answers a page that posts itself (its
      // inline script is allowed by the hash it adds to script-src). The POST is then redirected
      // to the app's post-logout URI, which CSP form-action must allow in Chromium.
      if (route === 'end_session' && k.status === 200 && !k.oidc.session?.accountId)
        formPageHeaders(k.res, k.oidc.client?.postLogoutRedirectUris ?? []);
      if (route === 'end_session_confirm' && k.status === 303 && k.oidc.params?.logout) {
        // One session: signing out through an app signs out of the portal too.
        const token = k.cookies.get(COOKIE_NAMES.portal, { signed: false });
        if (token) await destroySession(ctx, token);
        k.cookies.set(COOKIE_NAMES.portal, null, { path: '/', signed: false });
      }
    };
  }
}
