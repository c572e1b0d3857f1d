// A small learning app for the browser tests: a relying party built on openid-client (panva)
// that signs people in through schoolloket with the code flow + PKCE and shows who came back.
//   /start            starts the flow (what the app's own "Aanmelden" button does)
//   /launch?iss=…     third-party initiated login (the portal's tile), checks `iss`
//   /callback         exchanges the code, verifies the ID token, reads userinfo, greets the person
//   /logout           RP-initiated logout at the provider, back to /logged-out with its state
import { createServer } from 'node:http';
import * as client from 'openid-client';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title, body) =>
  `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><main>${body}</main></body></html>`;

/** Listens on a free port first (the app is registered with that address), configured later. */
export async function startRelyingParty() {
  let config = null;
  let issuer = '';
  const pending = new Map(); // state → { verifier, nonce }
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Fout', `<h1>Fout</h1><p data-test="rp-error">${esc(err.message)}</p>`));
    });
  });
  // localhost like the app (run.mjs), so the two stay same-site as before.
  const base = () => `http://localhost:${server.address().port}`;

  async function start(res) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    pending.set(state, { verifier, nonce });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: `${base()}/callback`,
      scope: 'openid profile school',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    res.writeHead(302, { location: url.href });
    res.end();
  }

  async function handle(req, res) {
    const url = new URL(req.url, base());
    if (url.pathname === '/start') return start(res);
    if (url.pathname === '/logout') {
      const end = client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: `${base()}/logged-out`,
        state: 'bye-123',
      });
      res.writeHead(302, { location: end.href });
      return res.end();
    }
    if (url.pathname === '/logged-out') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        page(
          'Afgemeld',
          `<h1>Afgemeld bij Rekenwonder</h1><p data-test="rp-logged-out">${esc(url.searchParams.get('state') ?? '')}</p>`,
        ),
      );
    }
    if (url.pathname === '/launch') {
      if (url.searchParams.get('iss') !== issuer) throw new Error('unknown issuer');
      return start(res);
    }
    if (url.pathname === '/callback') {
      const error = url.searchParams.get('error');
      if (error) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          page('Geen toegang', `<h1>Geen toegang</h1><p data-test="rp-denied">${esc(error)}</p>`),
        );
      }
      const state = url.searchParams.get('state');
      const flow = pending.get(state);
      if (!flow) throw new Error('unknown state');
      pending.delete(state);
      const tokens = await client.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: flow.verifier,
        expectedState: state,
        expectedNonce: flow.nonce,
      });
      const claims = tokens.claims();
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      const who = info.role === 'parent' ? `Ouder van ${info.child?.given_name}` : `${info.name}`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        page(
          'Rekenwonder',
          `<h1>Welkom bij Rekenwonder</h1><p data-test="rp-user">${esc(who)}</p>` +
            `<p data-test="rp-role">${esc(info.role)}</p><p data-test="rp-group">${esc(info.group ?? '')}</p>` +
            `<p data-test="rp-sub">${esc(claims.sub)}</p>`,
        ),
      );
    }
    res.writeHead(404);
    res.end();
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: base(),
    redirectUri: `${base()}/callback`,
    launchUrl: `${base()}/launch`,
    postLogoutRedirectUri: `${base()}/logged-out`,
    /** Discovery at the issuer, with the client id and secret the school registered. */
    async configure(iss, clientId, secret) {
      issuer = iss;
      config = await client.discovery(
        new URL(iss),
        clientId,
        undefined,
        client.ClientSecretBasic(secret),
        {
          execute: [client.allowInsecureRequests],
        },
      );
    },
    // The browser may still hold a keep-alive connection (the scenario can end on the app's own
    // page): close those too, or server.close() waits for them.
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}
