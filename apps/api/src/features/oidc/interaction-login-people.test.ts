import { describe, expect, it } from '@jest/globals';
import { createInstitution } from '../../test/factories.js';
import { createLoggingTestApp } from '../../test/harness.js';
import { freePort } from '../../test/net-support.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';
import {
  Browser,
  countRows,
  exchange,
  grantsOf,
  startFlow,
  studentAndApp,
  type client,
} from '../../test/oidc-support.js';
import { appForFile } from '../../test/per-file.js';

// The login inside an app sign-in against the people it must keep out: other sites, other
// schools, blocked and ended accounts, strangers who try to lock a child out; and the log at
// trace level, which must not hold what was typed.

let logs: string[] = [];
const t = appForFile(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const made = await createLoggingTestApp({ publicBaseUrl: base, logLevel: 'trace' });
  logs = made.logs;
  await made.t.app.listen({ port, host: '127.0.0.1' });
  return Object.assign(made.t, { base });
});

async function authorize(browser: Browser, rp: client.Configuration, redirectUri: string) {
  const flow = await startFlow(rp, redirectUri);
  const res = await browser.request(flow.url);
  const uid = res.headers
    .get('location')!
    .match(/(?:app=|\/oidc\/interaction\/)([A-Za-z0-9_-]+)$/)![1]!;
  return { flow, uid };
}

const rows = (table: 'sessions' | 'account_events' | 'oidc_models') => countRows(t.db, table);

/** The device cookie a response sets: one value, at path /, sent to every login. */
const deviceOf = (res: Response) => {
  const set = res.headers
    .getSetCookie()
    .filter((c) => c.startsWith('sl_device=') && !c.startsWith('sl_device=;'));
  expect(set).toHaveLength(1);
  expect(set[0]).toMatch(/; Path=\/;/);
  return set[0]!.slice('sl_device='.length, set[0]!.indexOf(';'));
};

/** What a refused login must leave as it was: sessions, history, the provider's rows. */
const footprint = async () => [
  await rows('sessions'),
  await rows('account_events'),
  await rows('oidc_models'),
];

describe('other sites', () => {
  it('a cross-site post, as a browser sends it (simple or not): 403, nothing set', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const { uid } = await authorize(browser, rp, app.redirectUri);
    const before = await footprint();
    for (const headers of [
      {
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'text/plain',
      },
      { origin: 'null', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      { origin: 'null', 'content-type': 'application/json' },
      { origin: t.base, 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
      { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      { origin: `${t.base}.evil.example`, 'content-type': 'application/json' },
    ] as Record<string, string>[]) {
      const res = await browser.request(`/oidc/interaction/${uid}/login`, {
        method: 'POST',
        headers,
        body: JSON.stringify(login),
      });
      expect({ headers, status: res.status, cookies: res.headers.getSetCookie() }).toEqual({
        headers,
        status: 403,
        cookies: [],
      });
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
    expect(await footprint()).toEqual(before);
  });
});

describe('people the app is not for', () => {
  it('a student and a parent of another school: the refused page, then access_denied', async () => {
    const a = await studentAndApp(t, { forParents: true, name: 'Schoolapp A' });
    const schoolB = await createInstitution(t.ctx);
    const b = await studentWithAccount(
      t.ctx,
      schoolB.id,
      { parent_emails: ['ouder@example.be'] },
      { password: 'uil246' },
    );
    await activeCoAccount(t.ctx, b.student, 1, 'ouder-wachtwoord-lang');
    for (const password of ['uil246', 'ouder-wachtwoord-lang']) {
      const browser = new Browser(t.base);
      const { uid } = await authorize(browser, a.rp, a.app.redirectUri);
      const res = await browser.interactionLogin(uid, { username: b.username, password });
      expect(res.status).toBe(200);
      const { continueTo } = (await res.json()) as { continueTo: string };
      expect(continueTo).toBe(`${t.base}/oidc/interaction/${uid}?lang=nl`);
      const page = await browser.request(continueTo);
      expect(page.status).toBe(403);
      const html = await page.text();
      expect(html).toContain('Schoolapp A');
      const abort = html.match(/action="([^"]+)"/)![1]!;
      expect(abort).toBe(`/oidc/interaction/${uid}/abort`);
      const back = await browser.request(abort, {
        method: 'POST',
        headers: { origin: t.base, 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      const end = await browser.follow(back.headers.get('location')!);
      const at = new URL(end.url);
      expect(`${at.origin}${at.pathname}`).toBe(a.app.redirectUri);
      expect(at.searchParams.get('error')).toBe('access_denied');
      expect(at.searchParams.get('code')).toBeNull();
    }
    expect(await grantsOf(t, a.app.clientId)).toHaveLength(0);
  });

  it('blocked, no longer enrolled, an expired temporary password: 401, nothing stored', async () => {
    const expired = new Date(t.clock.now.getTime() - 1000);
    for (const [student, account, code] of [
      [{}, { blocked: true }, 'invalid_credentials'],
      [{ enrolled_until: '2000-01-01' }, {}, 'invalid_credentials'],
      // The right password past its days says so, as at the portal (portal/login.ts).
      [{}, { kind: 'temporary', temporaryExpiresAt: expired }, 'temporary_password_expired'],
    ] as const) {
      const s = await studentAndApp(t, {}, student, account);
      const browser = new Browser(t.base);
      const { uid } = await authorize(browser, s.rp, s.app.redirectUri);
      const before = await footprint();
      const res = await browser.interactionLogin(uid, s.login);
      expect({ account, status: res.status }).toEqual({ account, status: 401 });
      expect(((await res.json()) as { code: string }).code).toBe(code);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await footprint()).toEqual(before);
    }
  });
});

describe('a stranger who tries to lock a child out', () => {
  it("locks the name for untrusted browsers only: the child's browser gets in at both paths", async () => {
    const { app, rp, login } = await studentAndApp(t);
    // The child signed in to an app once: its device cookie, from the login inside.
    const child = new Browser(t.base);
    const first = await authorize(child, rp, app.redirectUri);
    const trusted = deviceOf(await child.interactionLogin(first.uid, login));

    // The stranger: ten wrong passwords, with a device cookie of their own (for their own name).
    const own = await studentAndApp(t);
    const stranger = new Browser(t.base);
    const theirs = deviceOf(await stranger.portalLogin(own.login));
    stranger.setCookie('sl_device', theirs);
    const { uid } = await authorize(stranger, rp, app.redirectUri);
    for (let i = 0; i < 10; i++)
      expect(
        (await stranger.interactionLogin(uid, { ...login, password: `fout-${i}` })).status,
      ).toBe(401);
    expect((await stranger.interactionLogin(uid, login)).status).toBe(429);
    const forged = new Browser(t.base);
    forged.setCookie('sl_device', `s.${'A'.repeat(40)}`);
    const f = await authorize(forged, rp, app.redirectUri);
    expect((await forged.interactionLogin(f.uid, login)).status).toBe(429);

    // The child's cookie, at the portal (/api/v1/) and at an app sign-in (/oidc/interaction/).
    const atPortal = new Browser(t.base);
    atPortal.setCookie('sl_device', trusted);
    expect((await atPortal.portalLogin(login)).status).toBe(200);
    const atApp = new Browser(t.base);
    atApp.setCookie('sl_device', trusted);
    const second = await authorize(atApp, rp, app.redirectUri);
    const res = await atApp.interactionLogin(second.uid, login);
    expect(res.status).toBe(200);
    const back = await atApp.follow(((await res.json()) as { continueTo: string }).continueTo);
    expect((await exchange(rp, { flow: second.flow, back })).id_token).toBeTruthy();
  });

  it('a burst of 30 wrong passwords at once gets 10 guesses, as one at a time would', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const { uid } = await authorize(browser, rp, app.redirectUri);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        browser.interactionLogin(uid, { ...login, password: `fout-${i}` }),
      ),
    );
    const tally: Record<number, number> = {};
    for (const r of answers) tally[r.status] = (tally[r.status] ?? 0) + 1;
    expect(tally).toEqual({ 401: 10, 429: 20 });
    for (const r of answers)
      expect(r.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });

  it("the address's limit full: untrusted browsers wait, the child's trusted one gets in", async () => {
    const { app, rp, login } = await studentAndApp(t);
    const child = new Browser(t.base);
    const first = await authorize(child, rp, app.redirectUri);
    const trusted = deviceOf(await child.interactionLogin(first.uid, login));
    const now = t.clock.now;
    const until = new Date(now.getTime() + 600_000);
    await t.db
      .insertInto('login_throttles')
      .values({
        key: 'ip:127.0.0.1',
        failures: 500,
        lockouts: 1,
        window_started_at: now,
        last_failure_at: now,
        locked_until: until,
      })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ failures: 500, window_started_at: now, locked_until: until }),
      )
      .execute();
    try {
      const untrusted = new Browser(t.base);
      const u = await authorize(untrusted, rp, app.redirectUri);
      const refused = await untrusted.interactionLogin(u.uid, login);
      expect(refused.status).toBe(429);
      expect(refused.headers.getSetCookie()).toEqual([]);
      const atApp = new Browser(t.base);
      atApp.setCookie('sl_device', trusted);
      const second = await authorize(atApp, rp, app.redirectUri);
      expect((await atApp.interactionLogin(second.uid, login)).status).toBe(200);
    } finally {
      await t.db.deleteFrom('login_throttles').where('key', '=', 'ip:127.0.0.1').execute();
    }
  });
});

describe('the log at trace level', () => {
  it('holds neither the password (right or wrong) nor the cookies the login sets', async () => {
    const { app, rp, login } = await studentAndApp(
      t,
      {},
      {},
      { kind: 'own', type: 'advanced', password: 'Geheim-Wachtwoord-77', mustChange: false },
    );
    const browser = new Browser(t.base);
    const { flow, uid } = await authorize(browser, rp, app.redirectUri);
    const from = logs.length;
    const wrong = await browser.interactionLogin(uid, { ...login, password: 'Fout-Wachtwoord-88' });
    expect(wrong.status).toBe(401);
    const res = await browser.interactionLogin(uid, login);
    expect(res.status).toBe(200);
    const portal = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('sl_portal='))!
      .slice('sl_portal='.length)
      .split(';')[0]!;
    const device = deviceOf(res);
    const back = await browser.follow(((await res.json()) as { continueTo: string }).continueTo);
    expect((await exchange(rp, { flow, back })).id_token).toBeTruthy();
    const written = logs.slice(from).join('');
    expect(written).toContain(`/oidc/interaction/${uid}/login`);
    for (const secret of ['Geheim-Wachtwoord-77', 'Fout-Wachtwoord-88', portal, device])
      expect(written.includes(secret)).toBe(false);
  });
});
