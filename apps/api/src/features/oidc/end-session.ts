import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../../context.js';
import { destroySession, COOKIE_NAMES } from '../auth/index.js';
import { formPageHeaders } from './form-headers.js';
import { pairwiseSubjects } from './people.js';
import type { PortalPersonLookup } from './provider.js';

// One session: signing out through an app ends the portal session too, but only when the person
// asked for it (docs/decisions.md, "RP-initiated logout (confirmed)"):
// - they answered "Ja, afmelden" on the sign-out question. The provider shows that question only
//   to a browser with a provider session; the answer is an end_session_confirm with logout=yes
//   and the xsrf secret of that page, on that provider session;
// - or the app sent an id_token_hint issued to it for the person signed in to the portal, which
//   OpenID Connect RP-Initiated Logout lets the provider honour without asking.
// Without a provider session, oidc-provider posts its confirmation form (logout=yes included) by
// itself: without these conditions any cross-site page could send a browser to
// /oidc/session/end and sign the person out of the portal.

const portalCookie = (k: KoaContextWithOIDC) =>
  k.cookies.get(COOKIE_NAMES.portal, { signed: false }) ?? undefined;

async function endPortalSession(ctx: AppContext, k: KoaContextWithOIDC): Promise<void> {
  const token = portalCookie(k);
  if (token) await destroySession(ctx, token);
  k.cookies.set(COOKIE_NAMES.portal, null, { path: '/', signed: false });
}

/** The request's id_token_hint (verified by the provider) names the portal's person. */
async function hintNamesPortalPerson(
  ctx: AppContext,
  portalPerson: PortalPersonLookup,
  k: KoaContextWithOIDC,
): Promise<boolean> {
  const hint = k.oidc.entities.IdTokenHint as { payload?: { sub?: unknown } } | undefined;
  const client = k.oidc.client;
  if (typeof hint?.payload?.sub !== 'string' || !client) return false;
  const person = await portalPerson(portalCookie(k));
  if (!person) return false;
  const subject =
    client.subjectType === 'pairwise'
      ? pairwiseSubjects(ctx.config.credentialsKey)(client.clientId, person.accountId)
      : person.accountId;
  return hint.payload.sub === subject;
}

/** After the provider answered /oidc/session/end or its confirmation. */
export async function afterEndSession(
  ctx: AppContext,
  portalPerson: PortalPersonLookup,
  k: KoaContextWithOIDC,
): Promise<void> {
  const route = k.oidc.route;
  if (route === 'end_session' && k.status === 200 && !k.oidc.session?.accountId) {
    // No provider session: oidc-provider answers a page that posts itself (its inline script is
    // allowed by the hash it adds to script-src). The POST is then redirected to the app's
    // post-logout URI, which CSP form-action must allow in Chromium.
    formPageHeaders(k.res, k.oidc.client?.postLogoutRedirectUris ?? []);
    // The provider verified the hint (signature, audience) before answering 200.
    if (k.oidc.params?.id_token_hint && (await hintNamesPortalPerson(ctx, portalPerson, k)))
      await endPortalSession(ctx, k);
  }
  // The session's account is still on the (destroyed) session object: it had one, so the
  // question was asked and answered yes. The portal session ends only if it is that person's: on
  // a shared computer the provider also ends the previous child's session this way, by itself,
  // when the next child (signed in to the portal) opens an app.
  const ended = k.oidc.session?.accountId;
  if (route === 'end_session_confirm' && k.status === 303 && k.oidc.params?.logout && ended) {
    const person = await portalPerson(portalCookie(k));
    if (!person || person.accountId === ended) await endPortalSession(ctx, k);
  }
}
