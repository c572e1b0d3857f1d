// pnpm bench oidc: app sign-ins through the whole OpenID Connect code flow against plain portal
// logins (both argon2-bound: target ≥ 0.9×), and the token and userinfo endpoints' p50 at one
// connection. The server runs in this process on a real port (the issuer is its address); the
// client side is plain fetch with a cookie jar, as a browser and a relying party would do it.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../src/config.js';
import { studentWithAccount } from '../src/test/portal-factories.js';
import type { Row } from './bench-row.js';

type Setup = (
  students: number,
  config?: Partial<Config>,
) => Promise<{ app: FastifyInstance; iid: string; close(): Promise<void> }>;

const PASSWORD = 'zal659';
const USERS = 40;
const IN_FLIGHT = 4;
const ROUNDS = 3;
const PER_ROUND = 60;
const LATENCY_SAMPLES = 200;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A browser's cookies for one host, and redirects followed by hand (to see each hop). */
class Jar {
  private cookies = new Map<string, string>();
  constructor(
    private readonly base: string,
    private readonly address: string,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', this.address);
    if (this.cookies.size)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1).trim();
      if (value) this.cookies.set(pair!.slice(0, eq).trim(), value);
      else this.cookies.delete(pair!.slice(0, eq).trim());
    }
    return res;
  }

  /** Follows redirects on this host; answers the first address elsewhere, or the last answer. */
  async follow(path: string): Promise<{ url: string; res: Response }> {
    let url = path.startsWith('http') ? path : `${this.base}${path}`;
    for (let i = 0; i < 10; i++) {
      const res = await this.request(url);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url, res };
      await res.body?.cancel();
      url = new URL(location, url).toString();
      if (!url.startsWith(this.base)) return { url, res };
    }
    throw new Error('too many redirects');
  }

  login(username: string) {
    return this.request('/api/v1/portal/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.base },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
  }
}

const b64url = (b: Buffer) => b.toString('base64url');

function authorizationUrl(base: string, clientId: string, redirectUri: string) {
  const verifier = b64url(randomBytes(32));
  const q = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile school',
    state: b64url(randomBytes(12)),
    nonce: b64url(randomBytes(12)),
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  });
  return { url: `${base}/oidc/auth?${q}`, verifier };
}

async function exchange(
  base: string,
  clientId: string,
  redirectUri: string,
  code: string,
  verifier: string,
) {
  const res = await fetch(`${base}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: clientId,
    }),
  });
  const body = (await res.json()) as { access_token?: string; id_token?: string };
  if (res.status !== 200 || !body.access_token || !body.id_token)
    throw new Error(`token ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function benchOidc(setup: Setup, rows: Row[]): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const s = await setup(0, { publicBaseUrl: base });
  const ctx = s.app.ctx;
  await s.app.listen({ port, host: '127.0.0.1' });
  const usernames: string[] = [];
  for (let i = 0; i < USERS; i++)
    usernames.push((await studentWithAccount(ctx, s.iid, {}, { password: PASSWORD })).username);
  const redirectUri = 'https://bench-app.example/callback';
  const clientId = `bench_${b64url(randomBytes(6))}`;
  await ctx.db
    .insertInto('apps')
    .values({
      client_id: clientId,
      institution_id: s.iid,
      name: 'Bench app',
      redirect_uris: JSON.stringify([redirectUri]),
      post_logout_redirect_uris: JSON.stringify([]),
      for_students: true,
      for_parents: false,
      confidential: false,
      subject_type: 'pairwise',
      disabled: false,
    })
    .execute();

  let n = 0;
  const address = () => `10.9.${Math.floor(n / 250) % 250}.${(n++ % 250) + 1}`;
  const portalLogin = async (i: number) => {
    const jar = new Jar(base, address());
    const res = await jar.login(usernames[i % USERS]!);
    if (res.status !== 200) throw new Error(`portal login ${res.status} ${await res.text()}`);
    await res.body?.cancel();
  };
  // The whole flow: authorization request, the portal's login page (its API), back through the
  // interaction to the redirect URI with a code, and the code exchanged for tokens.
  const codeFlow = async (i: number) => {
    const jar = new Jar(base, address());
    const { url, verifier } = authorizationUrl(base, clientId, redirectUri);
    const first = await jar.follow(url);
    const uid = new URL(first.url).searchParams.get('app');
    if (!uid) throw new Error(`no interaction: ${first.url}`);
    const login = await jar.login(usernames[i % USERS]!);
    if (login.status !== 200) throw new Error(`portal login ${login.status}`);
    await login.body?.cancel();
    const back = await jar.follow(`/oidc/interaction/${uid}`);
    const code = new URL(back.url).searchParams.get('code');
    if (!back.url.startsWith(redirectUri) || !code) throw new Error(`no code: ${back.url}`);
    await exchange(base, clientId, redirectUri, code, verifier);
  };
  const rate = async (fn: (i: number) => Promise<void>, count: number) => {
    const start = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async (_, w) => {
        for (let i = w; i < count; i += IN_FLIGHT) await fn(i);
      }),
    );
    return count / ((performance.now() - start) / 1000);
  };

  // Warm both paths (JIT, pool, keys), then alternate rounds so the machine's drift hits both.
  await rate(portalLogin, 8);
  await rate(codeFlow, 8);
  const load = loadavg()[0]!;
  const portal: number[] = [];
  const flows: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    portal.push(await rate(portalLogin, PER_ROUND));
    flows.push(await rate(codeFlow, PER_ROUND));
  }
  const loadAfter = loadavg()[0]!;
  const portalRate = median(portal);
  const flowRate = median(flows);
  const ratio = flowRate / portalRate;

  // One connection: one signed-in browser asks for codes (no login: its session stands), and
  // the relying party exchanges each and reads userinfo, one request at a time.
  const jar = new Jar(base, '10.8.0.1');
  {
    const { url } = authorizationUrl(base, clientId, redirectUri);
    const first = await jar.follow(url);
    const uid = new URL(first.url).searchParams.get('app')!;
    await (await jar.login(usernames[0]!)).body?.cancel();
    await jar.follow(`/oidc/interaction/${uid}`);
  }
  const auth: number[] = [];
  const token: number[] = [];
  const userinfo: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const { url, verifier } = authorizationUrl(base, clientId, redirectUri);
    let t0 = performance.now();
    const back = await jar.follow(url);
    auth.push(performance.now() - t0);
    const code = new URL(back.url).searchParams.get('code');
    if (!code) throw new Error(`no code without login: ${back.url}`);
    t0 = performance.now();
    const accessToken = await exchange(base, clientId, redirectUri, code, verifier);
    token.push(performance.now() - t0);
    t0 = performance.now();
    const me = await fetch(`${base}/oidc/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    await me.json();
    userinfo.push(performance.now() - t0);
    if (me.status !== 200) throw new Error(`userinfo ${me.status}`);
  }

  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
  rows.push(
    { scenario: 'oidc', metric: 'load average (1 min) before the rates', value: load, unit: '' },
    { scenario: 'oidc', metric: 'load average (1 min) after them', value: loadAfter, unit: '' },
    {
      scenario: 'oidc',
      metric: `portal logins, ${IN_FLIGHT} in flight (median of ${ROUNDS} rounds: ${fmt(portal)})`,
      value: portalRate,
      unit: '/s',
    },
    {
      scenario: 'oidc',
      metric: `app sign-ins through the code flow, ${IN_FLIGHT} in flight (${fmt(flows)})`,
      value: flowRate,
      unit: '/s',
    },
    {
      scenario: 'oidc',
      metric: 'ratio code-flow sign-ins / portal logins',
      value: ratio,
      unit: '×',
      floor: '≥ 0.9',
      ok: ratio >= 0.9,
    },
    {
      scenario: 'oidc',
      metric: 'authorization request with a session (to the code), 1 connection: p50',
      value: median(auth),
      unit: 'ms',
    },
    {
      scenario: 'oidc',
      metric: 'token endpoint (code → tokens), 1 connection: p50',
      value: median(token),
      unit: 'ms',
    },
    {
      scenario: 'oidc',
      metric: 'userinfo, 1 connection: p50',
      value: median(userinfo),
      unit: 'ms',
    },
  );
  await s.close();
}
