import { describe, expect, it } from '@jest/globals';
import { createInstitution } from '../../test/factories.js';
import { studentWithAccount } from '../../test/portal-factories.js';
import {
  Browser,
  client,
  createOidcApp,
  createOidcTestApp,
  exchange,
  relyingParty,
  signInInside,
  startFlow,
  studentAndApp,
} from '../../test/oidc-support.js';
import { appForFile } from '../../test/per-file.js';

// The shorter way through an app sign-in, as the web app takes it: without a portal cookie the
// authorization request goes straight to the portal's login page, which logs in inside the
// interaction (POST /oidc/interaction/<uid>/login) and then opens its `continueTo`. The old way
// (the portal login, then the interaction's page) is in oidc.test.ts and the other files.

const t = appForFile(createOidcTestApp);

/** The authorization request, not followed: the provider's answer and the interaction's uid. */
async function authorize(browser: Browser, rp: client.Configuration, redirectUri: string) {
  const flow = await startFlow(rp, redirectUri);
  const res = await browser.request(flow.url);
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  const uid = location.match(/(?:app=|\/oidc\/interaction\/)([A-Za-z0-9_-]+)/)![1]!;
  return { flow, res, location, uid };
}

/** The lockout's counters (every key: the username's, the address's, a device's), in key order. */
const throttles = () => t.db.selectFrom('login_throttles').selectAll().orderBy('key').execute();

/** The device cookies a response sets: each path with its value. */
const deviceCookies = (setCookie: string[]) =>
  setCookie
    .filter((c) => c.startsWith('sl_device='))
    .map((c) => ({
      path: /;\s*Path=([^;]+)/i.exec(c)![1]!,
      value: c.slice('sl_device='.length, c.indexOf(';')),
    }));

/** A stranger's ten wrong passwords, from browsers without a device cookie: untrusted ones wait. */
async function lockOut(login: { username: string; password: string }) {
  for (let i = 0; i < 10; i++)
    expect(
      (await new Browser(t.base).portalLogin({ ...login, password: `fout-${i}` })).status,
    ).toBe(401);
  expect((await new Browser(t.base).portalLogin(login)).status).toBe(429);
}

/** A JSON post from our own pages, with exactly this Cookie header. */
const post = (path: string, body: unknown, cookie: string) =>
  fetch(`${t.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.base, cookie },
    body: JSON.stringify(body),
  });

const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe('the authorization request', () => {
  it('goes straight to the login page when nobody is signed in; the interaction cookie keeps its path', async () => {
    const { app, rp } = await studentAndApp(t);
    const { res, location, uid } = await authorize(new Browser(t.base), rp, app.redirectUri);
    expect(location).toBe(`/aanmelden?app=${uid}`);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const interactionCookies = res.headers
      .getSetCookie()
      .filter((c) => /^_interaction(\.sig)?=/.test(c));
    expect(interactionCookies).toHaveLength(2);
    for (const c of interactionCookies) expect(c).toContain(`path=/oidc/interaction/${uid};`);
  });

  it('goes to the interaction, which decides, when a portal cookie is there', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    expect((await browser.portalLogin(login)).status).toBe(200);
    const { flow, location, uid } = await authorize(browser, rp, app.redirectUri);
    expect(location).toBe(`/oidc/interaction/${uid}`);
    const back = await browser.follow(location);
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    expect((await exchange(rp, { flow, back })).id_token).toBeTruthy();
  });

  it('an ended portal session still goes through the interaction, which sends to the login', async () => {
    const { app, rp } = await studentAndApp(t);
    // A portal cookie that opens no session: the interaction's page answers as before.
    const stale = new Browser(t.base);
    stale.setCookie('sl_portal', 'no-such-session');
    const { location, uid } = await authorize(stale, rp, app.redirectUri);
    expect(location).toBe(`/oidc/interaction/${uid}`);
    expect((await stale.follow(location)).url).toBe(`${t.base}/aanmelden?app=${uid}`);
  });
});

describe('the login inside the interaction', () => {
  it('logs in as the portal does and finishes the sign-in: continueTo, a code, tokens', async () => {
    const { app, rp, login, username } = await studentAndApp(t);
    const s = await signInInside(t.base, app, rp, login);
    expect(s.result).toEqual({
      role: 'student',
      mustChangePassword: false,
      continueTo: `${t.base}/oidc/auth/${s.uid}`,
    });
    expect(s.browser.has('sl_portal')).toBe(true);
    expect(s.back!.url.startsWith(app.redirectUri)).toBe(true);
    const tokens = await exchange(rp, { flow: s.flow, back: s.back! });
    const claims = tokens.claims()!;
    const info = await client.fetchUserInfo(rp, tokens.access_token, claims.sub);
    expect(info.preferred_username).toBe(username);
    // The portal session is a real one: the launchpad opens.
    expect((await s.browser.request('/api/v1/portal/launchpad')).status).toBe(200);
  });

  it('sets the portal cookie, and the device cookie every login reads (path /)', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const { uid } = await authorize(browser, rp, app.redirectUri);
    const res = await browser.interactionLogin(uid, login);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('sl_portal='))).toMatch(/Path=\/;.*HttpOnly/);
    expect(deviceCookies(cookies)).toEqual([{ path: '/', value: expect.stringMatching(/^s\./) }]);
    expect(cookies.find((c) => c.startsWith('sl_device='))).toMatch(/HttpOnly/);
  });

  // A stranger who fails 10 times locks the username for untrusted browsers; the child's own
  // browser, trusted since a portal login, must still get in when an app asks it to log in.
  it('a browser trusted at the portal login is trusted at an app sign-in, through a lock', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const atPortal = await new Browser(t.base).portalLogin(login);
    expect(atPortal.status).toBe(200);
    const [sent] = deviceCookies(atPortal.headers.getSetCookie());
    expect(sent?.path).toBe('/');
    await lockOut(login);

    const child = new Browser(t.base);
    child.setCookie('sl_device', sent!.value);
    const { flow, uid } = await authorize(child, rp, app.redirectUri);
    const res = await child.interactionLogin(uid, login);
    expect(res.status).toBe(200);
    const back = await child.follow(String((await json(res)).continueTo));
    expect((await exchange(rp, { flow, back })).id_token).toBeTruthy();
  });

  // Before the one cookie, the device cookie lived at /api/v1/ only, where the login inside an app
  // sign-in does not receive it. Such a copy must lose no entry (a sibling's app sign-in on the
  // family computer must not overwrite it), and must keep trusting its child, at the portal and,
  // through the login page's first request, at an app sign-in.
  it('a copy from before the one cookie (path /api/v1/) loses no entry and keeps its trust', async () => {
    const a = await studentAndApp(t);
    const b = await studentAndApp(t);
    const legacy = deviceCookies(
      (await new Browser(t.base).portalLogin(a.login)).headers.getSetCookie(),
    )[0]!.value;

    // The sibling's app sign-in: the old copy is not sent there; it is neither cleared nor replaced.
    const sibling = new Browser(t.base);
    const s = await authorize(sibling, b.rp, b.app.redirectUri);
    const signedIn = await sibling.interactionLogin(s.uid, b.login);
    expect(signedIn.status).toBe(200);
    const siblings = deviceCookies(signedIn.headers.getSetCookie());
    expect(siblings).toEqual([{ path: '/', value: expect.stringMatching(/^s\./) }]);
    const current = siblings[0]!.value;
    await lockOut(a.login);

    // The child at the portal: the browser sends both copies (the more specific path first).
    const both = `sl_device=${legacy}; sl_device=${current}`;
    const atPortal = await post('/api/v1/portal/login', a.login, both);
    expect(atPortal.status).toBe(200);
    const written = deviceCookies(atPortal.headers.getSetCookie());
    expect(written).toEqual([
      { path: '/', value: expect.stringContaining(current) },
      { path: '/api/v1/', value: '' },
    ]);

    // The child at an app sign-in, from a browser that still holds only the old copy: the login
    // page's first request (under /api/v1/) moves it to the one cookie.
    const child = new Browser(t.base);
    child.setCookie('sl_device', legacy, '/api/v1/');
    const c = await authorize(child, a.rp, a.app.redirectUri);
    expect(child.cookieHeader(`/oidc/interaction/${c.uid}/login`)).not.toMatch(/sl_device/);
    const info = await child.request(`/api/v1/portal/app-sign-ins/${c.uid}`);
    expect(info.status).toBe(200);
    // (A lone copy may be the current one too: it is written at /, and not expired.)
    expect(deviceCookies(info.headers.getSetCookie())).toEqual([{ path: '/', value: legacy }]);
    expect(child.cookiePaths('sl_device').sort()).toEqual(['/', '/api/v1/']);
    expect((await child.interactionLogin(c.uid, a.login)).status).toBe(200);
  });

  // The browser sends a cookie only below its path (RFC 6265), and the flow depends on it: the
  // provider's cookies stay with the interaction and the authorization endpoint, the device cookie
  // at / reaches the login inside the interaction, a copy at /api/v1/ does not.
  it('cookies go where their paths say: the interaction keeps its own, the device cookie reaches its login', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const atPortal = await new Browser(t.base).portalLogin(login);
    const [device] = deviceCookies(atPortal.headers.getSetCookie());
    expect(device?.path).toBe('/');
    await lockOut(login);

    // Held at /api/v1/ only (where earlier versions kept it), it is not sent to the interaction:
    // the locked username stays locked there for this browser.
    const elsewhere = new Browser(t.base);
    elsewhere.setCookie('sl_device', device!.value, '/api/v1/');
    const e = await authorize(elsewhere, rp, app.redirectUri);
    expect(elsewhere.cookieHeader(`/oidc/interaction/${e.uid}/login`)).not.toMatch(/sl_device/);
    expect((await elsewhere.interactionLogin(e.uid, login)).status).toBe(429);

    // Held at /, as the login set it, it is sent there and the trusted browser gets in.
    const browser = new Browser(t.base);
    browser.setCookie('sl_device', device!.value, device!.path);
    const { flow, uid } = await authorize(browser, rp, app.redirectUri);
    expect(browser.cookiePaths('_interaction')).toEqual([`/oidc/interaction/${uid}`]);
    expect(browser.cookiePaths('_interaction_resume')).toEqual([`/oidc/auth/${uid}`]);
    const atLogin = browser.cookieHeader(`/oidc/interaction/${uid}/login`);
    expect(atLogin).toMatch(/(^|; )_interaction=/);
    expect(atLogin).not.toMatch(/_interaction_resume/);
    expect(atLogin).toContain(`sl_device=${device!.value}`);
    const res = await browser.interactionLogin(uid, login);
    expect(res.status).toBe(200);

    // The API under /api/v1/ gets the portal and device cookies, none of the provider's.
    const atApi = browser.cookieHeader('/api/v1/portal/launchpad');
    expect(atApi).toMatch(/(^|; )sl_portal=/);
    expect(atApi).toMatch(/(^|; )sl_device=/);
    expect(atApi).not.toMatch(/_interaction/);
    expect((await browser.request('/api/v1/portal/launchpad')).status).toBe(200);
    // The resume cookie goes back to the authorization endpoint, which finishes the sign-in.
    expect(browser.cookieHeader(`/oidc/auth/${uid}`)).toMatch(/(^|; )_interaction_resume=/);
    const back = await browser.follow(String((await json(res)).continueTo));
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    expect((await exchange(rp, { flow, back })).id_token).toBeTruthy();
  });

  it("a wrong password: the portal login's 401, nothing set; the interaction still finishes", async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const { flow, uid } = await authorize(browser, rp, app.redirectUri);
    const wrong = { ...login, password: 'fout123' };
    const res = await browser.interactionLogin(uid, wrong);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.headers.getSetCookie()).toEqual([]);
    const portal = await new Browser(t.base).portalLogin(wrong);
    expect(await json(res)).toEqual(await json(portal));
    expect(browser.has('sl_portal')).toBe(false);

    const ok = await browser.interactionLogin(uid, login);
    expect(ok.status).toBe(200);
    const back = await browser.follow((await json(ok)).continueTo as string);
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    expect((await exchange(rp, { flow, back })).access_token).toBeTruthy();
  });

  it('bad bodies and other origins: problems, as at the portal login', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const { uid } = await authorize(browser, rp, app.redirectUri);
    const before = await throttles();
    const neither = await browser.interactionLogin(uid, { username: login.username });
    expect(neither.status).toBe(400);
    expect((await json(neither)).code).toBe('validation_failed');
    const big = await browser.interactionLogin(uid, { ...login, password: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const elsewhere = await browser.request(`/oidc/interaction/${uid}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify(login),
    });
    expect(elsewhere.status).toBe(403);
    expect(browser.has('sl_portal')).toBe(false);
    // None of them counted against the login: the lockout's counters are as they were ...
    expect(await throttles()).toEqual(before);
    // ... where a wrong password is counted (so the check above would see one) ...
    expect((await browser.interactionLogin(uid, { ...login, password: 'fout123' })).status).toBe(
      401,
    );
    expect(await throttles()).not.toEqual(before);
    // ... and the interaction is untouched: the right login still finishes it.
    expect((await browser.interactionLogin(uid, login)).status).toBe(200);
  });

  it('locks the username after 10 failures, as the portal login does (the same lock)', async () => {
    const { app, rp, login, student } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const { uid } = await authorize(browser, rp, app.redirectUri);
    for (let i = 0; i < 10; i++)
      expect(
        (await browser.interactionLogin(uid, { ...login, password: `fout-${i}` })).status,
      ).toBe(401);
    const locked = await browser.interactionLogin(uid, login);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect((await json(locked)).code).toBe('too_many_requests');
    expect(locked.headers.getSetCookie()).toEqual([]);
    expect((await new Browser(t.base).portalLogin(login)).status).toBe(429);
    const events = await t.db
      .selectFrom('account_events')
      .select('kind')
      .where('student_id', '=', student.id)
      .execute();
    expect(events.map((e) => e.kind)).toContain('login_locked');
  });

  it('a temporary password to change first: continueTo null; after the change the sign-in finishes', async () => {
    const { app, rp, login } = await studentAndApp(t, {}, {}, { kind: 'temporary' });
    const s = await signInInside(t.base, app, rp, login);
    expect(s.result).toEqual({ role: 'student', mustChangePassword: true, continueTo: null });
    expect(s.back).toBeUndefined();
    // The portal's password change, then the interaction's page, as the web app does.
    const changed = await s.browser.request('/api/v1/portal/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.base },
      body: JSON.stringify({
        currentPassword: login.password,
        newPassword: 'Mijn kat heet Minou 7',
      }),
    });
    expect(changed.status).toBe(200);
    const back = await s.browser.follow(`/oidc/interaction/${s.uid}`);
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    expect((await exchange(rp, { flow: s.flow, back })).access_token).toBeTruthy();
  });

  it('an app that asks consent: continueTo is the interaction page, in the language asked', async () => {
    const { app, rp, login } = await studentAndApp(t, { name: 'Taaltuin', requiresConsent: true });
    const browser = new Browser(t.base);
    const { uid } = await authorize(browser, rp, app.redirectUri);
    const res = await browser.interactionLogin(uid, login, '?lang=fr');
    expect(res.status).toBe(200);
    const { continueTo } = await json(res);
    expect(continueTo).toBe(`${t.base}/oidc/interaction/${uid}?lang=fr`);
    const page = await browser.request(continueTo as string);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="shown"');
    expect(html).toContain('lang="fr"');
    // Without ?lang, the browser's language.
    const other = new Browser(t.base);
    const second = await authorize(other, rp, app.redirectUri);
    const en = await other.request(`/oidc/interaction/${second.uid}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.base, 'accept-language': 'en' },
      body: JSON.stringify(login),
    });
    expect((await json(en)).continueTo).toBe(`${t.base}/oidc/interaction/${second.uid}?lang=en`);
    // A language we do not write in: the browser's language too.
    const third = new Browser(t.base);
    const { uid: thirdUid } = await authorize(third, rp, app.redirectUri);
    const fr = await third.request(`/oidc/interaction/${thirdUid}/login?lang=de`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.base, 'accept-language': 'fr-BE' },
      body: JSON.stringify(login),
    });
    expect((await json(fr)).continueTo).toBe(`${t.base}/oidc/interaction/${thirdUid}?lang=fr`);
  });

  it('a person the app is not for: continueTo is the refused page; a blocked account cannot log in', async () => {
    const { app, rp, login } = await studentAndApp(
      t,
      { name: 'Rekenrap', groups: ['3A'] },
      { group_name: '2B' },
    );
    const browser = new Browser(t.base);
    const { uid } = await authorize(browser, rp, app.redirectUri);
    const res = await browser.interactionLogin(uid, login);
    expect(res.status).toBe(200);
    const { continueTo } = await json(res);
    expect(continueTo).toBe(`${t.base}/oidc/interaction/${uid}?lang=nl`);
    const page = await browser.request(continueTo as string);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Je kan Rekenrap niet gebruiken');

    const blocked = await studentAndApp(t, {}, {}, { blocked: true });
    const other = new Browser(t.base);
    const started = await authorize(other, blocked.rp, blocked.app.redirectUri);
    expect((await other.interactionLogin(started.uid, blocked.login)).status).toBe(401);
    expect(other.has('sl_portal')).toBe(false);
  });
});

describe("someone else's interaction", () => {
  it('without its interaction cookie, or with another one, a login cannot finish it', async () => {
    const school = await createInstitution(t.ctx);
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(t.base, app);
    const mk = async (password: string) => {
      const made = await studentWithAccount(t.ctx, school.id, {}, { password });
      return { username: made.username, password };
    };
    const [owner, intruder] = await Promise.all([mk('kip123'), mk('uil246')]);

    const ownerBrowser = new Browser(t.base);
    const { flow, uid } = await authorize(ownerBrowser, rp, app.redirectUri);

    // No interaction cookie at all: logged in, but the interaction is not theirs to finish.
    const bare = new Browser(t.base);
    const withoutCookie = await bare.interactionLogin(uid, intruder);
    expect(withoutCookie.status).toBe(200);
    const to = (await json(withoutCookie)).continueTo as string;
    expect(to).toBe(`${t.base}/oidc/interaction/${uid}?lang=nl`);
    expect((await bare.request(to)).status).toBe(400);

    // The cookie of an interaction of their own: not this one either.
    const foreign = new Browser(t.base);
    await authorize(foreign, rp, app.redirectUri);
    const withOther = await foreign.interactionLogin(uid, intruder);
    expect(withOther.status).toBe(200);
    expect((await json(withOther)).continueTo).toBe(`${t.base}/oidc/interaction/${uid}?lang=nl`);
    const page = await foreign.follow(`/oidc/interaction/${uid}`);
    expect(page.response.status).toBe(400);
    expect(page.url.startsWith(app.redirectUri)).toBe(false);

    // The owner finishes it, as themselves.
    const res = await ownerBrowser.interactionLogin(uid, owner);
    const back = await ownerBrowser.follow((await json(res)).continueTo as string);
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    const tokens = await exchange(rp, { flow, back });
    const info = await client.fetchUserInfo(rp, tokens.access_token, tokens.claims()!.sub);
    expect(info.preferred_username).toBe(owner.username);
  });
});
