import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../app.js';
import type { DatabaseHandle } from '../../db/database.js';
import { freshDatabase } from '../../test/databases.js';
import { testConfig } from '../../test/harness.js';
import { Browser, createOidcTestApp, startFlow, studentAndApp } from '../../test/oidc-support.js';
import { appForFile } from '../../test/per-file.js';

// The security headers (plugins/security.ts: computed once, handed to the reply, copied onto
// the provider's raw answers) on every kind of answer an app sign-in meets, including the
// router's own refusals, which run no hook at all.

const t = appForFile(createOidcTestApp);

const PROBLEM = 'application/problem+json; charset=utf-8';
const SECURITY = [
  'content-security-policy',
  'cross-origin-resource-policy',
  'referrer-policy',
  'x-content-type-options',
  'x-frame-options',
];

type HeaderSource = Response | { headers: Record<string, unknown> };
const header = (res: HeaderSource, name: string) =>
  res instanceof Response ? res.headers.get(name) : (res.headers[name] as string | undefined);

/**
 * The security headers an answer lacks (none, if all is well), named with the answer; a page
 * (anything outside the JSON API at /api/v1/) has the page-only opener policy too.
 */
function expectSecure(res: HeaderSource, what: string, api = what.startsWith('/api/v1/')) {
  const missing = [...SECURITY, ...(api ? [] : ['cross-origin-opener-policy'])].filter(
    (h) => !header(res, h),
  );
  expect({ what, missing }).toEqual({ what, missing: [] });
  expect({ what, nosniff: header(res, 'x-content-type-options') }).toEqual({
    what,
    nosniff: 'nosniff',
  });
}

describe('the answers of an app sign-in', () => {
  it('JSON, problem, consent page, provider error page, discovery: all with the headers', async () => {
    const { app, rp, login } = await studentAndApp(t, {
      requiresConsent: true,
      subjectType: 'public',
      redirectUris: ['https://taaltuin.example/callback'],
    });
    const browser = new Browser(t.base);
    const flow = await startFlow(rp, app.redirectUri);
    const start = await browser.request(flow.url);
    expectSecure(start, 'authorization redirect');
    const uid = start.headers.get('location')!.match(/app=([A-Za-z0-9_-]+)$/)![1]!;

    const wrong = await browser.interactionLogin(uid, { ...login, password: 'fout' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toBe(PROBLEM);
    expectSecure(wrong, 'problem');

    const ok = await browser.interactionLogin(uid, login);
    expect(ok.status).toBe(200);
    expectSecure(ok, 'JSON');
    expect(ok.headers.get('referrer-policy')).toBe('no-referrer');
    const { continueTo } = (await ok.json()) as { continueTo: string };

    const consent = await browser.request(continueTo);
    expect(consent.status).toBe(200);
    expectSecure(consent, 'consent page');
    expect(consent.headers.get('referrer-policy')).toBe('same-origin');
    const formAction = consent.headers
      .get('content-security-policy')!
      .split(';')
      .filter((d) => d.startsWith('form-action'));
    expect(formAction).toEqual(["form-action 'self' https://taaltuin.example"]);

    const error = await fetch(`${t.base}/oidc/auth?client_id=nobody&response_type=code`);
    expect(error.status).toBe(400);
    expect(error.headers.get('content-type')).toMatch(/^text\/html/);
    expectSecure(error, 'provider error page');
    expect(error.headers.get('content-security-policy')).toContain("form-action 'self'");

    const discovery = await fetch(`${t.base}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expectSecure(discovery, 'discovery');
  });

  // The router refuses some URLs before any hook runs (Fastify's frameworkErrors).
  it('a URL the router cannot read, or a too long segment: a problem with the headers', async () => {
    const bad = [
      ['POST', '/oidc/interaction/%E0%A4%A/login'],
      ['GET', '/api/v1/portal/app-sign-ins/%E0%A4%A'],
    ] as const;
    for (const [method, path] of bad) {
      const res = await fetch(`${t.base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', origin: t.base },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe(PROBLEM);
      expectSecure(res, path);
      expect(res.headers.get('x-request-id')).toBeTruthy();
    }
    const long = await fetch(`${t.base}/api/v1/portal/app-sign-ins/${'a'.repeat(300)}`);
    expect(long.status).toBe(404);
    expect(long.headers.get('content-type')).toBe(PROBLEM);
    expectSecure(long, 'long segment', true);
  });
});

describe('the built web app, served by the API', () => {
  let web: FastifyInstance;
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await freshDatabase();
    const root = mkdtempSync(join(tmpdir(), 'sl-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Schoolloket</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    web = await buildApp(testConfig({ webDist: root }), {
      database,
      logger: false,
      serveWeb: true,
    });
    await web.ready();
  });
  afterAll(async () => {
    await web?.close();
    await database?.close();
  });

  it('the login page, a static file and a path the router cannot read carry the headers', async () => {
    const page = await web.inject({ method: 'GET', url: '/aanmelden?app=abcdefghij' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Schoolloket');
    expectSecure(page, 'SPA page');
    const asset = await web.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    expectSecure(asset, 'static file');
    const unreadable = await web.inject({ method: 'GET', url: '/aanmelden/%E0%A4%A' });
    expect(unreadable.statusCode).toBe(400);
    expectSecure(unreadable, 'unreadable SPA path');
  });

  it('serves the page for a path or query with a control or invisible character', async () => {
    for (const url of [
      '/scholen/x/leerlingen?q=appels%E2%80%8F',
      '/scholen/x/leerlingen?groep=%00',
      '/co-account/activeren/%00x',
    ]) {
      const res = await web.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode, type: res.headers['content-type'] }).toEqual({
        url,
        status: 200,
        type: 'text/html; charset=utf-8',
      });
    }
  });

  // Under /api/ there is never a page, however the path is spelled (found by an outside test:
  // the fallback read the path as written and served index.html for /%61pi/v1/nope).
  it('answers an unknown API path with a problem, not the page, in every spelling', async () => {
    for (const url of ['/api/v1/nope', '/%61pi/v1/nope', '/a%70i/v1/nope?x=1']) {
      const res = await web.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode, type: res.headers['content-type'] }).toEqual({
        url,
        status: 404,
        type: PROBLEM,
      });
    }
  });
});
