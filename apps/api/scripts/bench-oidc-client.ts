// The load generator of `pnpm bench oidc`, in a child process of its own (bench-oidc.ts forks it),
// so that its fetches, cookie jars and redirects do not run on the server's event loop: a code
// flow is four HTTP requests that a browser and a relying party would drive from elsewhere (the
// authorization request, the login inside the interaction, its continueTo, the token request),
// against one for a portal login. Both sides are driven from here alike, over node:http. It answers the parent's
// messages one at a time (see Request below) and knows nothing of the server's code.
import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Jar, send, type Target } from './bench-oidc-http.js';

export type { Target };

/**
 * What a sign-in is made of: a portal login; the whole code flow; or a portal login and as many
 * requests as the code flow adds to it (three) that store nothing: to the liveness route (what
 * any request costs here), or to the provider's JWKS (what a request through oidc-provider costs
 * before its work). What a flow of four requests can reach at the most, whatever its work.
 */
export type Flow = 'portal' | 'code' | 'liveness' | 'jwks';

export type Request =
  | { kind: 'init'; target: Target }
  /** `count` portal logins or code flows, `inFlight` at a time: answers how many per second. */
  | { kind: 'rate'; flow: Flow; count: number; inFlight: number }
  /** One signed-in browser and its relying party, one request at a time: the times in ms. */
  | { kind: 'latency'; samples: number }
  | { kind: 'exit' };

export type Answer =
  | { kind: 'ok' }
  /** Sign-ins per second, and this process's CPU time per sign-in in ms. */
  | { kind: 'rate'; rate: number; cpuMs: number }
  | { kind: 'latency'; auth: number[]; token: number[]; userinfo: number[] }
  | { kind: 'error'; message: string };

const b64url = (b: Buffer) => b.toString('base64url');

function authorizationUrl(t: Target) {
  const verifier = b64url(randomBytes(32));
  const state = b64url(randomBytes(12));
  const nonce = b64url(randomBytes(12));
  const q = new URLSearchParams({
    client_id: t.clientId,
    response_type: 'code',
    redirect_uri: t.redirectUri,
    scope: 'openid profile school',
    state,
    nonce,
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  });
  return { url: `${t.base}/oidc/auth?${q}`, verifier, state, nonce };
}

/**
 * What the relying party takes from the redirect back: the code, once the state is the one it
 * sent and the issuer (RFC 9207's iss parameter) is the provider.
 */
function codeOf(t: Target, back: string, state: string): string {
  if (!back.startsWith(t.redirectUri)) throw new Error(`not back at the app: ${back}`);
  const q = new URL(back).searchParams;
  if (q.get('state') !== state) throw new Error(`state mismatch: ${back}`);
  if (q.has('iss') && q.get('iss') !== t.base) throw new Error(`iss mismatch: ${back}`);
  const code = q.get('code');
  if (!code) throw new Error(`no code: ${back}`);
  return code;
}

/** The provider's signing keys by kid, read from its JWKS once (as relying parties cache it). */
let jwks: Map<string, KeyObject> | undefined;
async function signingKey(t: Target, kid: string): Promise<KeyObject> {
  if (!jwks?.has(kid)) {
    const res = await send(`${t.base}/oidc/jwks`);
    const { keys } = JSON.parse(res.body) as { keys: Array<{ kid: string }> };
    jwks = new Map(keys.map((k) => [k.kid, createPublicKey({ key: k as never, format: 'jwk' })]));
  }
  const key = jwks.get(kid);
  if (!key) throw new Error(`no key ${kid} in the JWKS`);
  return key;
}

/**
 * The ID token checked as a relying party must (OpenID Connect Core 3.1.3.7): RS256 signature by
 * a key of the provider's JWKS, issuer, audience, nonce, expiry.
 */
async function verifyIdToken(t: Target, idToken: string, nonce: string) {
  const [h, p, sig] = idToken.split('.');
  if (!h || !p || !sig) throw new Error('malformed ID token');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: string; kid: string };
  if (header.alg !== 'RS256') throw new Error(`ID token alg ${header.alg}`);
  const key = await signingKey(t, header.kid);
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url')))
    throw new Error('ID token signature');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
    iss: string;
    aud: string | string[];
    nonce?: string;
    exp: number;
    sub?: string;
  };
  const now = Date.now() / 1000;
  if (claims.iss !== t.base) throw new Error(`ID token iss ${claims.iss}`);
  if (!(Array.isArray(claims.aud) ? claims.aud : [claims.aud]).includes(t.clientId))
    throw new Error('ID token aud');
  if (claims.nonce !== nonce) throw new Error('ID token nonce');
  if (!(claims.exp > now)) throw new Error('ID token expired');
  if (!claims.sub) throw new Error('ID token without sub');
}

async function exchange(t: Target, code: string, verifier: string, nonce: string) {
  const res = await send(`${t.base}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: t.redirectUri,
      code_verifier: verifier,
      client_id: t.clientId,
    }).toString(),
  });
  const body = JSON.parse(res.body) as { access_token?: string; id_token?: string };
  if (res.status !== 200 || !body.access_token || !body.id_token)
    throw new Error(`token ${res.status} ${res.body}`);
  await verifyIdToken(t, body.id_token, nonce);
  return body.access_token;
}

let n = 0;
/** Every browser its own address, so the per-address login limit does not get in the way. */
const address = () => `10.9.${Math.floor(n / 250) % 250}.${(n++ % 250) + 1}`;

async function portalLogin(t: Target, i: number) {
  const jar = new Jar(t, address());
  const res = await jar.login(t.usernames[i % t.usernames.length]!);
  if (res.status !== 200) throw new Error(`portal login ${res.status} ${res.body}`);
}

/** A portal login, then three requests to `path` that store nothing. */
const loginAndThree = (path: string) => async (t: Target, i: number) => {
  const jar = new Jar(t, address());
  const res = await jar.login(t.usernames[i % t.usernames.length]!);
  if (res.status !== 200) throw new Error(`portal login ${res.status} ${res.body}`);
  for (let r = 0; r < 3; r++) {
    const more = await jar.request(path);
    if (more.status !== 200) throw new Error(`${path} ${more.status}`);
  }
};

// The whole flow as the web app drives it: the authorization request (PKCE S256, state, nonce),
// which sends a browser without a portal cookie straight to the login page; the portal login
// inside the interaction; its continueTo, back to the redirect URI with a code (state and iss
// checked); and the code exchanged for tokens (the ID token's signature and claims verified).
async function codeFlow(t: Target, i: number) {
  const jar = new Jar(t, address());
  const { url, verifier, state, nonce } = authorizationUrl(t);
  const first = await jar.follow(url);
  const uid = new URL(first.url).searchParams.get('app');
  if (!uid) throw new Error(`no interaction: ${first.url}`);
  const continueTo = await jar.interactionLogin(uid, t.usernames[i % t.usernames.length]!);
  const back = await jar.follow(continueTo);
  await exchange(t, codeOf(t, back.url, state), verifier, nonce);
}

async function rate(fn: (i: number) => Promise<void>, count: number, inFlight: number) {
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async (_, w) => {
      for (let i = w; i < count; i += inFlight) await fn(i);
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

async function latency(t: Target, samples: number) {
  const jar = new Jar(t, '10.8.0.1');
  {
    const { url } = authorizationUrl(t);
    const first = await jar.follow(url);
    const uid = new URL(first.url).searchParams.get('app');
    if (!uid) throw new Error(`no interaction: ${first.url}`);
    await jar.follow(await jar.interactionLogin(uid, t.usernames[0]!));
  }
  const auth: number[] = [];
  const token: number[] = [];
  const userinfo: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { url, verifier, state, nonce } = authorizationUrl(t);
    let t0 = performance.now();
    const back = await jar.follow(url);
    auth.push(performance.now() - t0);
    const code = codeOf(t, back.url, state);
    t0 = performance.now();
    const accessToken = await exchange(t, code, verifier, nonce);
    token.push(performance.now() - t0);
    t0 = performance.now();
    const me = await send(`${t.base}/oidc/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    JSON.parse(me.body);
    userinfo.push(performance.now() - t0);
    if (me.status !== 200) throw new Error(`userinfo ${me.status}`);
  }
  return { auth, token, userinfo };
}

let target: Target | undefined;

async function answer(req: Request): Promise<Answer> {
  switch (req.kind) {
    case 'init':
      target = req.target;
      return { kind: 'ok' };
    case 'rate': {
      const t = target!;
      const fn = {
        portal: portalLogin,
        code: codeFlow,
        liveness: loginAndThree('/api/health'),
        jwks: loginAndThree('/oidc/jwks'),
      }[req.flow];
      const cpu = process.cpuUsage();
      const r = await rate((i) => fn(t, i), req.count, req.inFlight);
      const used = process.cpuUsage(cpu);
      return { kind: 'rate', rate: r, cpuMs: (used.user + used.system) / 1000 / req.count };
    }
    case 'latency':
      return { kind: 'latency', ...(await latency(target!, req.samples)) };
    case 'exit':
      process.exit(0);
  }
}

if (process.send) {
  process.on('message', (req: Request) => {
    answer(req).then(
      (a) => process.send!(a),
      (err: unknown) =>
        process.send!({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
  });
}
