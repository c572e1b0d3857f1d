import { describe, expect, it } from '@jest/globals';
import { CookieJar, defaultPath, pathMatches } from './cookie-jar.js';

// The tests' cookie jar against RFC 6265's rules: the OpenID Connect tests rely on it sending a
// cookie exactly where a browser would.

describe('cookie jar (RFC 6265)', () => {
  it('path-matches as §5.1.4 says', () => {
    expect(pathMatches('/oidc/auth/abc', '/oidc/auth/abc')).toBe(true);
    expect(pathMatches('/oidc/auth/abc/login', '/oidc/auth/abc')).toBe(true);
    expect(pathMatches('/api/v1/portal', '/api/v1/')).toBe(true);
    expect(pathMatches('/anything', '/')).toBe(true);
    expect(pathMatches('/oidc/auth/abcd', '/oidc/auth/abc')).toBe(false);
    expect(pathMatches('/api/v1', '/api/v1/')).toBe(false);
    expect(pathMatches('/oidc/interaction', '/oidc/interaction/abc')).toBe(false);
  });

  it('takes the default path of §5.1.4 when a Set-Cookie has no (or no absolute) Path', () => {
    expect(defaultPath('/')).toBe('/');
    expect(defaultPath('/login')).toBe('/');
    expect(defaultPath('/oidc/interaction/abc/login')).toBe('/oidc/interaction/abc');
    const jar = new CookieJar();
    jar.store(['a=1', 'b=2; Path=relative'], 'http://h/oidc/interaction/abc/login?x=/y');
    expect(jar.paths('a')).toEqual(['/oidc/interaction/abc']);
    expect(jar.paths('b')).toEqual(['/oidc/interaction/abc']);
  });

  it('keeps one cookie per name and path, sends only the matching ones, longer paths first', () => {
    const jar = new CookieJar();
    jar.store(['d=root; Path=/; HttpOnly'], '/api/v1/portal/login');
    jar.store(['d=legacy; Path=/api/v1/'], '/api/v1/portal/login');
    jar.store(['i=x; path=/oidc/interaction/abc'], '/oidc/auth');
    expect(jar.paths('d').sort()).toEqual(['/', '/api/v1/']);
    expect(jar.header('/api/v1/portal/me')).toBe('d=legacy; d=root');
    expect(jar.header('http://h/oidc/interaction/abc/login')).toBe('i=x; d=root');
    expect(jar.header('/oidc/interaction/abcd')).toBe('d=root');
    // Replacing a cookie keeps its place among those of equal path (§5.3 step 11.3).
    jar.store(['e=1; Path=/'], '/');
    jar.store(['d=root2; Path=/'], '/');
    expect(jar.header('/')).toBe('d=root2; e=1');
  });

  it('deletes only the name and path an expired Set-Cookie names', () => {
    const jar = new CookieJar();
    jar.set('d', 'root', '/');
    jar.set('d', 'legacy', '/api/v1/');
    jar.set('s', 'x', '/');
    jar.store(['d=; Path=/api/v1/; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], '/api/v1/portal/login');
    expect(jar.paths('d')).toEqual(['/']);
    jar.store(['s=; Max-Age=0; Path=/oidc'], '/oidc/x'); // another path: nothing to delete
    expect(jar.has('s')).toBe(true);
    jar.store(['s=gone; Max-Age=0; Path=/'], '/');
    expect(jar.has('s')).toBe(false);
    // Max-Age wins over Expires; an empty value that has not expired is a cookie.
    jar.store(['m=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'e=; Path=/'], '/');
    expect(jar.header('/')).toBe('d=root; m=1; e=');
  });
});
