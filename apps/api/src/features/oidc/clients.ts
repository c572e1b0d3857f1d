import type { AdapterPayload } from 'oidc-provider';
import type { AppContext } from '../../context.js';
import { findAppByClientId } from '../apps/index.js';
import { memo } from './request-memo.js';

/** The app behind a client id, read once per request (request-memo.ts). */
export const appOf = (ctx: AppContext, clientId: string) =>
  memo(`app:${clientId}`, () => findAppByClientId(ctx, clientId));

/** Every app may ask for these; the school decides who signs in, not which claims. */
export const APP_SCOPES = 'openid offline_access profile email school';

/**
 * An app row as OpenID Connect client metadata. Confidential apps authenticate with
 * client_secret_basic (the only secret method the provider offers); the stored value is the
 * SHA-256 of the secret (compared by the provider through Client#compareClientSecret,
 * overridden in provider.ts). Public apps use PKCE.
 * The logo is a data: URL that we serve ourselves, so it is no `logo_uri` (a web URL).
 */
export async function clientMetadata(
  ctx: AppContext,
  clientId: string,
): Promise<AdapterPayload | undefined> {
  const app = await appOf(ctx, clientId);
  if (!app || app.disabled) return undefined;
  return {
    client_id: app.client_id,
    client_name: app.name,
    redirect_uris: app.redirect_uris,
    post_logout_redirect_uris: app.post_logout_redirect_uris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    application_type: 'web',
    subject_type: app.subject_type,
    scope: APP_SCOPES,
    id_token_signed_response_alg: 'RS256',
    ...(app.confidential
      ? { token_endpoint_auth_method: 'client_secret_basic', client_secret: app.secret_hash! }
      : { token_endpoint_auth_method: 'none' }),
  };
}
