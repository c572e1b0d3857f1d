// The HTTP side of the bench's load generator (bench-oidc-client.ts): requests over kept-alive
// node:http connections, and a browser's cookie jar that follows the provider's redirects.
import http from 'node:http';
import { CookieJar } from '../src/test/cookie-jar.js';

export interface Target {
  base: string;
  clientId: string;
  redirectUri: string;
  usernames: string[];
  password: string;
}

/** What the load generator keeps of an answer. */
interface Reply {
  status: number;
  location: string | undefined;
  setCookie: string[];
  body: string;
}

// node:http with kept-alive connections rather than fetch: the load generator shares the
// machine's cores with the server, and fetch (undici's WHATWG layers) costs several times the CPU
// per request. Both kinds of sign-in go through this one function.
const agent = new http.Agent({ keepAlive: true });

export function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const headers = { ...init.headers };
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          location: res.headers.location,
          setCookie: res.headers['set-cookie'] ?? [],
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * A browser's cookies for one host (by name and path, sent where their path matches: cookie-jar.ts),
 * and redirects followed by hand (to see each hop).
 */
export class Jar {
  private cookies = new CookieJar();
  constructor(
    private readonly t: Target,
    private readonly address: string,
  ) {}

  async request(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers, 'x-forwarded-for': this.address };
    const url = path.startsWith('http') ? path : `${this.t.base}${path}`;
    const cookie = this.cookies.header(url);
    if (cookie) headers.cookie = cookie;
    const res = await send(url, { ...init, headers });
    this.cookies.store(res.setCookie, url);
    return res;
  }

  /**
   * Follows the provider's redirects (its addresses under /oidc/); answers the first address
   * elsewhere without requesting it (the portal's login page, the app's redirect URI), or the
   * last answer. The login page belongs to the web app, which the bench does not serve (it
   * would answer 404): a browser loads it from there, and neither kind of sign-in counts it.
   */
  async follow(path: string): Promise<{ url: string; res: Reply }> {
    let url = path.startsWith('http') ? path : `${this.t.base}${path}`;
    for (let i = 0; i < 10; i++) {
      const res = await this.request(url);
      if (res.status < 300 || res.status >= 400 || !res.location) return { url, res };
      url = new URL(res.location, url).toString();
      if (!url.startsWith(`${this.t.base}/oidc/`)) return { url, res };
    }
    throw new Error('too many redirects');
  }

  login(username: string) {
    return this.request('/api/v1/portal/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.t.base },
      body: JSON.stringify({ username, password: this.t.password }),
    });
  }

  /**
   * The login page of an app sign-in: the portal login inside the interaction (its cookie goes
   * along), answering where the browser goes next (`continueTo`).
   */
  async interactionLogin(uid: string, username: string): Promise<string> {
    const res = await this.request(`/oidc/interaction/${encodeURIComponent(uid)}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.t.base },
      body: JSON.stringify({ username, password: this.t.password }),
    });
    if (res.status !== 200) throw new Error(`interaction login ${res.status} ${res.body}`);
    const { continueTo } = JSON.parse(res.body) as { continueTo: string | null };
    if (!continueTo) throw new Error('interaction login: a password to change first');
    return continueTo;
  }
}
