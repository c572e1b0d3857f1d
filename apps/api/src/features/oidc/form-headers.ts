import type { KoaContextWithOIDC } from 'oidc-provider';

// The provider's own HTML forms (consent, refused, sign-out) post to our origin and are then
// redirected to the app, on its own origin. Two of the global headers (plugins/security.ts) break
// that in a real browser:
// - `Referrer-Policy: no-referrer` makes Chromium send `Origin: null` on the form POST, which the
//   origin check refuses. `same-origin` lets it send the real Origin to us, and no referrer to
//   anyone else.
// - CSP `form-action 'self'` also governs the redirects after the POST (Chromium): the page may
//   send its form on to the origins of the app's registered redirect URIs, and nowhere else.

/** The origins of these URIs (invalid ones left out), each once. */
export function originsOf(uris: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const uri of uris) {
    try {
      const { origin, protocol } = new URL(uri);
      // Only web origins can be a CSP source; custom schemes (native apps) are left out.
      if ((protocol === 'https:' || protocol === 'http:') && origin !== 'null') origins.add(origin);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return [...origins];
}

/** The CSP with its form-action directive replaced by 'self' plus these origins. */
export function withFormAction(csp: string, origins: readonly string[]): string {
  const formAction = ["form-action 'self'", ...origins].join(' ');
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^form-action(\s|$)/i.test(d));
  return [...directives, formAction].join(';');
}

/** Where the headers of an answer are set: a raw response, or a Fastify reply's headers. */
export interface HeaderTarget {
  getHeader(name: string): unknown;
  setHeader(name: string, value: string): unknown;
}

/** Headers for a page with a form that ends at the app, before the answer is sent. */
export function formPageHeaders(res: HeaderTarget, redirectUris: readonly string[]): void {
  res.setHeader('referrer-policy', 'same-origin');
  const csp = res.getHeader('content-security-policy');
  if (typeof csp === 'string')
    res.setHeader('content-security-policy', withFormAction(csp, originsOf(redirectUris)));
}

/**
 * An authorization response in form_post mode (from /oidc/auth or its resume) is a page that
 * posts itself to the app's redirect URI: form-action allows exactly that URI's origin. Only a
 * redirect URI registered for the client; with an unverified one the provider shows its error
 * page instead of a form, and that page keeps form-action 'self'.
 */
export function formPostHeaders(k: KoaContextWithOIDC): void {
  if (k.oidc.params?.response_mode !== 'form_post' || !k.response.is('html')) return;
  const uri = k.oidc.params.redirect_uri;
  if (typeof uri === 'string' && k.oidc.client?.redirectUris?.includes(uri))
    formPageHeaders(k.res, [uri]);
}

/**
 * Another person signed in to the portal than the provider's session in this browser (a shared
 * computer): the resume answers a page that posts itself to end_session_confirm, which then
 * redirects through the resume to the app's redirect URI. form-action governs those redirects
 * too, so the page may send its form on to the redirect URI the sign-in started with (verified
 * against the app's registration when the sign-in began).
 */
export function switchPageHeaders(k: KoaContextWithOIDC): void {
  if (k.status !== 200 || !k.response.is('html')) return;
  const params = k.oidc.entities.Interaction?.params as { redirect_uri?: unknown } | undefined;
  if (typeof params?.redirect_uri === 'string') formPageHeaders(k.res, [params.redirect_uri]);
}
