import { describe, expect, it } from '@jest/globals';
import {
  Browser,
  client,
  countRows,
  createOidcTestApp,
  exchange,
  grantsOf,
  startFlow,
  studentAndApp,
} from '../../test/oidc-support.js';
import { appForFile } from '../../test/per-file.js';

// An outsider's attacks on the login inside an app sign-in (POST /oidc/interaction/<uid>/login):
// bad input of every kind, other people's interactions, replays and double submits, other sites,
// other schools. Every refusal is a problem (or the provider's page) and changes nothing.

const t = appForFile(createOidcTestApp);

const PROBLEM = 'application/problem+json; charset=utf-8';

/** The authorization request, not followed: the interaction's uid (and its cookie kept). */
async function authorize(browser: Browser, rp: client.Configuration, redirectUri: string) {
  const flow = await startFlow(rp, redirectUri);
  const res = await browser.request(flow.url);
  expect(res.status).toBe(303);
  const uid = res.headers.get('location')!.match(/app=([A-Za-z0-9_-]+)$/)![1]!;
  return { flow, uid };
}

/** The rows an attempt could leave behind, counted. */
async function footprint() {
  const count = (table: 'sessions' | 'account_events' | 'oidc_models') => countRows(t.db, table);
  const throttles = await t.db.selectFrom('login_throttles').selectAll().execute();
  return {
    sessions: await count('sessions'),
    events: await count('account_events'),
    throttles: JSON.stringify(throttles),
    models: await count('oidc_models'),
  };
}

/** A raw POST to the login route: any body, any headers. */
function post(
  browser: Browser,
  uid: string,
  body: RequestInit['body'],
  headers: Record<string, string> = {},
  query = '',
) {
  return browser.request(`/oidc/interaction/${uid}/login${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.base, ...headers },
    body,
  });
}

describe('bad input', () => {
  it('every malformed body, type, uid and lang: a problem, no cookie, nothing stored', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const { uid } = await authorize(browser, rp, app.redirectUri);
    const json = (v: unknown) => JSON.stringify(v);
    const cases: [string, () => Promise<Response>, number][] = [
      [
        'NUL in username',
        () => post(browser, uid, json({ ...login, username: `${login.username}\u0000` })),
        400,
      ],
      [
        'NUL in password',
        () => post(browser, uid, json({ ...login, password: 'kip\u0000123' })),
        400,
      ],
      [
        'control in password',
        () => post(browser, uid, json({ ...login, password: 'kip\u001b123' })),
        400,
      ],
      [
        'lone surrogate in password',
        () => post(browser, uid, '{"username":"' + login.username + '","password":"\\ud800"}'),
        400,
      ],
      [
        'lone surrogate in username',
        () => post(browser, uid, '{"username":"\\udc00","password":"x"}'),
        400,
      ],
      [
        'zero-width in username',
        () => post(browser, uid, json({ ...login, username: `${login.username}\u200b` })),
        400,
      ],
      [
        'NUL in a picture',
        () => post(browser, uid, json({ username: login.username, pictures: ['a\u0000'] })),
        400,
      ],
      [
        'NUL in a key',
        () => post(browser, uid, '{"username":"a","password":"b","\\u0000":1}'),
        400,
      ],
      [
        'array username',
        () => post(browser, uid, json({ username: [login.username], password: login.password })),
        400,
      ],
      [
        'object password',
        () => post(browser, uid, json({ username: login.username, password: { $ne: '' } })),
        400,
      ],
      [
        'number password',
        () => post(browser, uid, json({ username: login.username, password: 123 })),
        400,
      ],
      [
        'pictures as string',
        () => post(browser, uid, json({ username: login.username, pictures: 'a,b' })),
        400,
      ],
      ['both secrets', () => post(browser, uid, json({ ...login, pictures: ['a'] })), 400],
      ['extra property', () => post(browser, uid, json({ ...login, role: 'parent' })), 400],
      ['empty object', () => post(browser, uid, '{}'), 400],
      ['null', () => post(browser, uid, 'null'), 400],
      ['an array', () => post(browser, uid, json([login])), 400],
      [
        '__proto__ key',
        () => post(browser, uid, `{"username":"a","password":"b","__proto__":{"role":"x"}}`),
        400,
      ],
      [
        'constructor.prototype key',
        () => post(browser, uid, `{"username":"a","password":"b","constructor":{"prototype":{}}}`),
        400,
      ],
      [
        'JSON in UTF-16',
        () =>
          post(browser, uid, Buffer.from(JSON.stringify(login), 'utf16le'), {
            'content-type': 'application/json; charset=utf-16le',
          }),
        // JSON is UTF-8 only: another declared charset is refused before the body is read.
        415,
      ],
      ['malformed JSON', () => post(browser, uid, '{"username":'), 400],
      ['empty body', () => post(browser, uid, ''), 400],
      [
        'deep nesting',
        () => post(browser, uid, '{"username":' + '['.repeat(40) + ']'.repeat(40) + '}'),
        400,
      ],
      // Refused as a media type the route does not take, like form-encoded and multipart.
      ['text/plain', () => post(browser, uid, json(login), { 'content-type': 'text/plain' }), 415],
      [
        'form-encoded',
        () =>
          post(browser, uid, new URLSearchParams(login).toString(), {
            'content-type': 'application/x-www-form-urlencoded',
          }),
        415,
      ],
      [
        'multipart',
        () => {
          const f = new FormData();
          f.set('username', login.username);
          f.set('password', login.password);
          return browser.request(`/oidc/interaction/${uid}/login`, {
            method: 'POST',
            headers: { origin: t.base },
            body: f,
          });
        },
        415,
      ],
      [
        'no content type',
        () =>
          browser.request(`/oidc/interaction/${uid}/login`, {
            method: 'POST',
            headers: { origin: t.base },
            body: new Blob([json(login)]),
          }),
        415,
      ],
      [
        'oversize',
        () => post(browser, uid, json({ ...login, password: 'x'.repeat(200_000) })),
        413,
      ],
      ['uid too short', () => post(browser, 'abc', json(login)), 400],
      ['uid with NUL', () => post(browser, `${uid}%00`, json(login)), 400],
      ['uid with a dot-dot', () => post(browser, `..%2F${uid}`, json(login)), 400],
      ['uid with a bad escape', () => post(browser, `${uid}%E0%A4%A`, json(login)), 400],
      ['lang with NUL', () => post(browser, uid, json(login), {}, '?lang=nl%00'), 400],
      ['lang too long', () => post(browser, uid, json(login), {}, '?lang=nederlands'), 400],
      ['lang twice', () => post(browser, uid, json(login), {}, '?lang=nl&lang=fr'), 400],
      ['lang lone surrogate', () => post(browser, uid, json(login), {}, '?lang=%ED%A0%80'), 400],
    ];
    const before = await footprint();
    for (const [name, send, status] of cases) {
      const res = await send();
      const type = res.headers.get('content-type');
      const body = await res.text();
      expect({ name, status: res.status, type, cookies: res.headers.getSetCookie() }).toEqual({
        name,
        status,
        type: PROBLEM,
        cookies: [],
      });
      expect(JSON.parse(body)).toMatchObject({ status });
      expect({ name, nosniff: res.headers.get('x-content-type-options') }).toEqual({
        name,
        nosniff: 'nosniff',
      });
    }
    expect(await footprint()).toEqual(before);
    expect(browser.has('sl_portal')).toBe(false);
    // The interaction is untouched: the right login still finishes it.
    const ok = await post(browser, uid, json(login));
    expect(ok.status).toBe(200);
  });
});

describe('double submits and replays', () => {
  // Two clicks of "Aanmelden" at once: two portal logins, but one sign-in, and one grant.
  it('two logins at once into one interaction: no 500, one grant, one code', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const { flow, uid } = await authorize(browser, rp, app.redirectUri);
    const answers = await Promise.all([
      post(browser, uid, JSON.stringify(login)),
      post(browser, uid, JSON.stringify(login)),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const [first, second] = (await Promise.all(answers.map((r) => r.json()))) as {
      continueTo: string;
    }[];
    expect(second!.continueTo).toBe(first!.continueTo);
    expect(await grantsOf(t, app.clientId)).toHaveLength(1);
    const back = await browser.follow(first!.continueTo);
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    expect((await exchange(rp, { flow, back })).id_token).toBeTruthy();
    // The second continueTo finds the sign-in finished: the provider's error page, no code.
    const again = await browser.follow(second!.continueTo);
    expect(again.response.status).toBe(400);
    expect(again.response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(again.url.startsWith(app.redirectUri)).toBe(false);
    expect(await grantsOf(t, app.clientId)).toHaveLength(1);
  });

  // The same continueTo opened several times at once (a double click, a tab restored twice):
  // every resume reads the interaction, only the one whose delete finds it issues a code.
  it("one continueTo opened four times at once: one code, the provider's page for the rest", async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const { flow, uid } = await authorize(browser, rp, app.redirectUri);
    const res = await post(browser, uid, JSON.stringify(login));
    expect(res.status).toBe(200);
    const { continueTo } = (await res.json()) as { continueTo: string };
    const answers = await Promise.all([0, 1, 2, 3].map(() => browser.request(continueTo)));
    const toApp = answers
      .map((r) => r.headers.get('location') ?? '')
      .filter((l) => l.startsWith(app.redirectUri));
    expect(toApp).toHaveLength(1);
    const others = answers.filter((r) => !r.headers.get('location')?.startsWith(app.redirectUri));
    expect(others.map((r) => [r.status, r.headers.get('content-type')?.split(';')[0]])).toEqual(
      [0, 1, 2].map(() => [400, 'text/html']),
    );
    const codes = await t.db
      .selectFrom('oidc_models')
      .select('id')
      .where('model', '=', 'AuthorizationCode')
      .where('payload', '@>', JSON.stringify({ clientId: app.clientId }) as never)
      .execute();
    expect(codes).toHaveLength(1);
    expect(await grantsOf(t, app.clientId)).toHaveLength(1);
    const back = { url: toApp[0]! };
    expect((await exchange(rp, { flow, back })).id_token).toBeTruthy();
  });

  it('a second login before the first continueTo is followed: still one grant', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const { flow, uid } = await authorize(browser, rp, app.redirectUri);
    expect((await post(browser, uid, JSON.stringify(login))).status).toBe(200);
    const res = await post(browser, uid, JSON.stringify(login));
    expect(res.status).toBe(200);
    expect(await grantsOf(t, app.clientId)).toHaveLength(1);
    const back = await browser.follow(((await res.json()) as { continueTo: string }).continueTo);
    expect((await exchange(rp, { flow, back })).id_token).toBeTruthy();
    // A replay after the sign-in finished: a login, but the interaction is gone (its page says so).
    const replay = await post(browser, uid, JSON.stringify(login));
    expect(replay.status).toBe(200);
    const { continueTo } = (await replay.json()) as { continueTo: string };
    expect(continueTo).toBe(`${t.base}/oidc/interaction/${uid}?lang=nl`);
    expect((await browser.request(continueTo)).status).toBe(400);
    expect(await grantsOf(t, app.clientId)).toHaveLength(1);
  });
});
