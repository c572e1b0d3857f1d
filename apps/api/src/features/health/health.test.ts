import { describe, expect, it } from '@jest/globals';
import { appForFile } from '../../test/per-file.js';

const t = appForFile();

describe('operations', () => {
  it('GET /api/health is liveness and does not touch the database', async () => {
    const res = await t.request().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  // A proxy's request id is kept; anything else a client sends is replaced by a fresh one, so a
  // forged id reaches neither the logs nor a problem's detail (found by an outside test).
  it('keeps an incoming X-Request-Id only when it is a plain token of 8-64 characters', async () => {
    const sent = async (id: string) =>
      (await t.request().get('/api/v1/nope').set('x-request-id', id)).headers['x-request-id'];
    expect(await sent('proxy-id_1234.5678')).toBe('proxy-id_1234.5678');
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const forged of [
      'short',
      '{"level":60,"msg":"fake"}',
      'id";evil=1',
      'x'.repeat(65),
      // Two headers, as Node hands them on.
      'aaaaaaaa, bbbbbbbb',
    ])
      expect({ forged, id: await sent(forged) }).toEqual({
        forged,
        id: expect.stringMatching(UUID),
      });
  });

  it('GET /api/health/ready checks the database', async () => {
    const res = await t.request().get('/api/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const res = await t.request().get('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('serves the OpenAPI document with every route documented', async () => {
    const res = await t.request().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.components.schemas.Problem).toBeDefined();
    for (const [path, ops] of Object.entries(
      res.body.paths as Record<string, Record<string, { summary?: string; tags?: string[] }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        expect({
          route: `${method} ${path}`,
          summary: !!op.summary,
          tags: !!op.tags?.length,
        }).toEqual({ route: `${method} ${path}`, summary: true, tags: true });
      }
    }
  });

  it('sets security headers', async () => {
    const res = await t.request().get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    // No page of ours may be framed, in the legacy header either.
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  // The headers are computed once and handed to the reply; a problem answer keeps them, and the
  // identity provider's answers (which bypass the reply) get the same set on the raw response.
  const PAGE_HEADERS = [
    'content-security-policy',
    'cross-origin-opener-policy',
    'cross-origin-resource-policy',
    'origin-agent-cluster',
    'referrer-policy',
    'x-content-type-options',
    'x-dns-prefetch-control',
    'x-download-options',
    'x-frame-options',
    'x-permitted-cross-domain-policies',
    'x-xss-protection',
  ];
  const pick = (headers: Record<string, unknown>, names: string[]) =>
    Object.fromEntries(names.map((name) => [name, headers[name]]));
  it('sets the same security headers on problems and on the identity provider answers', async () => {
    const plain = pick((await t.request().get('/api/health')).headers, PAGE_HEADERS);
    expect(Object.values(plain).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    const problem = await t.request().get('/api/nope');
    expect(problem.status).toBe(404);
    expect(pick(problem.headers, PAGE_HEADERS)).toEqual(plain);
    const discovery = await t.request().get('/.well-known/openid-configuration');
    expect(discovery.status).toBe(200);
    expect(pick(discovery.headers, PAGE_HEADERS)).toEqual(plain);
    expect(discovery.headers['x-request-id']).toBeTruthy();
  });

  // The JSON API answers data, not pages: OWASP's REST set, never cached, on every answer of it:
  // a success, a refusal, a problem of the router and one of Fastify's own (a malformed URL).
  it('answers the API with the REST set of headers, never cached', async () => {
    const API_HEADERS = {
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    };
    const answers = [
      await t.request().get('/api/v1/auth/me'),
      await t.request().get('/api/v1/nope'),
      // The router decodes the path: this spelling runs the API's route too.
      await t.request().get('/%61pi/v1/auth/me'),
      await t.request().get('/api/v1/institutions/%E0%A4%A/students'),
      await t.request().post('/api/v1/auth/login').send({ email: 'x@example.org', password: 'y' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 404, 401, 400, 401]);
    for (const answer of answers) {
      expect(pick(answer.headers, Object.keys(API_HEADERS))).toEqual(API_HEADERS);
      // The page-only headers stay on pages.
      for (const name of ['origin-agent-cluster', 'x-dns-prefetch-control', 'x-xss-protection'])
        expect(answer.headers[name]).toBeUndefined();
      expect(answer.headers['x-request-id']).toBeTruthy();
    }
    // A page is not an API answer: the app's own pages may be kept by the browser.
    expect((await t.request().get('/api/health')).headers['cache-control']).toBeUndefined();
  });

  it("allows no inline style in the CSP except the identity provider's page style, by hash", async () => {
    const csp = String((await t.request().get('/api/health')).headers['content-security-policy']);
    const styleSrc = csp.split(';').find((d) => d.startsWith('style-src '))!;
    expect(styleSrc).not.toContain('unsafe-inline');
    const hashes = [...styleSrc.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]!);
    // Every inline <style> of a provider page must match an allowed hash.
    const { page } = await import('../oidc/pages.js');
    const html = page('Test', '<p>x</p>');
    const blocks = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    const { createHash } = await import('node:crypto');
    for (const b of blocks)
      expect(hashes).toContain(createHash('sha256').update(b, 'utf8').digest('base64'));
    expect(html).not.toMatch(/ style="/);
  });
});
