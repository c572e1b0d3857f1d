// A browser's cookies for one host, path-aware as RFC 6265 has it: a cookie is stored under its
// name and path (§5.3 step 11), sent only to the requests whose path path-matches its own
// (§5.1.4), the longer paths first (§5.4), and an expired Set-Cookie deletes only the cookie of
// its name and path. Used by the tests' Browser (oidc-support.ts) and the OpenID Connect
// benchmark's load generator (scripts/bench-oidc-http.ts); Domain, Secure and SameSite are not
// modelled (one host, plain http, no cross-site requests).

interface Cookie {
  name: string;
  value: string;
  path: string;
  /** Creation order: among equal paths the older cookie is sent first (§5.4 step 2). */
  created: number;
}

/** The path of a request URL or path (no query, no fragment). */
export function requestPathOf(url: string): string {
  const path = /^[a-z][a-z0-9+.-]*:/i.test(url)
    ? new URL(url).pathname
    : url.replace(/[?#].*$/s, '');
  return path || '/';
}

/** §5.1.4 default-path: the request path up to, not including, its right-most "/". */
export function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith('/')) return '/';
  const last = requestPath.lastIndexOf('/');
  return last === 0 ? '/' : requestPath.slice(0, last);
}

/** §5.1.4 path-match. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export class CookieJar {
  private cookies = new Map<string, Cookie>();
  private clock = 0;

  private static key(name: string, path: string) {
    return `${path}\u0000${name}`;
  }

  /** Stores one cookie (replacing the one of that name and path, keeping its creation order). */
  set(name: string, value: string, path = '/'): void {
    const key = CookieJar.key(name, path);
    const created = this.cookies.get(key)?.created ?? ++this.clock;
    this.cookies.set(key, { name, value, path, created });
  }

  /** Whether any path holds a cookie of this name. */
  has(name: string): boolean {
    return [...this.cookies.values()].some((c) => c.name === name);
  }

  /** The paths at which a cookie of this name is held. */
  paths(name: string): string[] {
    return [...this.cookies.values()].filter((c) => c.name === name).map((c) => c.path);
  }

  /** The cookies a request to this path (or URL) carries, in the order they are sent. */
  cookiesFor(url: string): Array<{ name: string; value: string; path: string }> {
    const requestPath = requestPathOf(url);
    return [...this.cookies.values()]
      .filter((c) => pathMatches(requestPath, c.path))
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
      .map(({ name, value, path }) => ({ name, value, path }));
  }

  /** The Cookie header for a request to this path (or URL); empty when it carries none. */
  header(url: string): string {
    return this.cookiesFor(url)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** Follows the Set-Cookie lines of an answer to a request to this path (or URL). */
  store(setCookie: Iterable<string>, url: string, now = Date.now()): void {
    const requestPath = requestPathOf(url);
    for (const line of setCookie) {
      // §5.2: the name-value pair up to the first ";", attributes after it.
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq < 0) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!name) continue;
      let path: string | undefined;
      let maxAge: number | undefined;
      let expires: number | undefined;
      for (const attr of attrs) {
        const at = attr.indexOf('=');
        const key = (at < 0 ? attr : attr.slice(0, at)).trim().toLowerCase();
        const val = at < 0 ? '' : attr.slice(at + 1).trim();
        // §5.2.4: a Path that is not absolute is ignored; §5.2.2: so is a Max-Age not a number.
        if (key === 'path') path = val.startsWith('/') ? val : undefined;
        else if (key === 'max-age' && /^-?\d+$/.test(val)) maxAge = Number(val);
        else if (key === 'expires' && !Number.isNaN(Date.parse(val))) expires = Date.parse(val);
      }
      const cookiePath = path ?? defaultPath(requestPath);
      // §5.3 step 3: Max-Age wins over Expires; an expired cookie only removes its namesake.
      const expired = maxAge !== undefined ? maxAge <= 0 : expires !== undefined && expires <= now;
      if (expired) this.cookies.delete(CookieJar.key(name, cookiePath));
      else this.set(name, value, cookiePath);
    }
  }
}
