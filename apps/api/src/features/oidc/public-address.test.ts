import { request } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { freePort } from '../../test/net-support.js';
import { appForFile } from '../../test/per-file.js';

// Every address the provider writes comes from PUBLIC_BASE_URL, never from the request's Host
// or X-Forwarded-Host/Proto (found by an outside test: `Host: evil.example` pointed discovery's
// `jwks_uri` there, behind a trusted proxy `X-Forwarded-Host` did too).

const PUBLIC = 'https://schoolloket.example';

const t = appForFile(async (): Promise<TestApp & { port: number }> => {
  const port = await freePort();
  // Behind a proxy on loopback: the provider reads X-Forwarded-* from it.
  const app = await createTestApp({ publicBaseUrl: PUBLIC, trustProxy: ['loopback'] });
  await app.app.listen({ port, host: '127.0.0.1' });
  return Object.assign(app, { port });
});

/** A GET with headers fetch() would not send as given (Host). */
function get(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: t.port, path, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

const FORGED: Record<string, string>[] = [
  { host: 'evil.example' },
  { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' },
  { host: '127.0.0.1', 'x-forwarded-host': 'evil.example:8443' },
];

describe('the addresses the identity provider writes', () => {
  it.each(FORGED)('discovery under %j names the public address only', async (headers) => {
    const res = await get('/.well-known/openid-configuration', headers);
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.body) as Record<string, unknown>;
    expect(doc.issuer).toBe(PUBLIC);
    const urls = Object.entries(doc).filter(([, v]) => typeof v === 'string' && /^https?:/.test(v));
    expect(urls.map(([k]) => k)).toEqual(
      expect.arrayContaining(['jwks_uri', 'token_endpoint', 'authorization_endpoint']),
    );
    for (const [key, url] of urls)
      expect({ key, origin: new URL(url as string).origin }).toEqual({ key, origin: PUBLIC });
  });

  it('a request line in absolute form names the public address only', async () => {
    for (const target of [
      'http://evil.example/.well-known/openid-configuration',
      'HTTPS://evil.example:8443/.well-known/openid-configuration?x=1',
    ]) {
      const res = await get(target, { host: 'evil.example' });
      expect(res.status).toBe(200);
      const doc = JSON.parse(res.body) as Record<string, string>;
      expect([doc.jwks_uri, doc.token_endpoint]).toEqual([
        `${PUBLIC}/oidc/jwks`,
        `${PUBLIC}/oidc/token`,
      ]);
    }
    const signOut = await get('http://evil.example/oidc/session/end', {});
    expect(signOut.body).not.toContain('evil.example');
  });

  it('the sign-out question posts to the public address', async () => {
    const res = await get('/oidc/session/end', {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
    });
    expect(res.status).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(res.body)?.[1];
    expect(action && new URL(action).origin).toBe(PUBLIC);
    expect(res.body).not.toContain('evil.example');
  });
});
