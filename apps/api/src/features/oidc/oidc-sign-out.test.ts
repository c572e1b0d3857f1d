import { describe, expect, it } from '@jest/globals';
import { appForFile } from '../../test/per-file.js';
import { studentWithAccount } from '../../test/portal-factories.js';
import {
  Browser,
  createOidcTestApp,
  exchange,
  OWN_ADVANCED,
  signIn,
  startFlow,
  studentAndApp,
} from '../../test/oidc-support.js';

// Edges of the provider found by an outside test: sign-out without a provider session, and a
// temporary password still to be changed.

const t = appForFile(createOidcTestApp);

describe('signing out through /oidc/session/end', () => {
  const portalStatus = async (browser: Browser) =>
    (await browser.request('/api/v1/portal/me')).status;

  /** Sends the form of the page oidc-provider answered, as the browser would. */
  async function submit(browser: Browser, html: string, fields: Record<string, string> = {}) {
    const action = html.match(/<form[^>]*action="([^"]+)"/)![1]!;
    const xsrf = html.match(/name="xsrf" value="([^"]+)"/)![1]!;
    const hidden = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)];
    const body = new URLSearchParams({
      ...Object.fromEntries(hidden.map((m) => [m[1]!, m[2]!])),
      xsrf,
      ...fields,
    });
    return browser.request(new URL(action).pathname, {
      method: 'POST',
      headers: { origin: t.base, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }

  it('a page that sends a portal-only browser there does not end the portal session', async () => {
    const { username } = await studentAndApp(t);
    const browser = new Browser(t.base);
    expect((await browser.portalLogin({ username, password: 'kip123' })).status).toBe(200);
    const page = await browser.request('/oidc/session/end');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="logout" value="yes"');
    expect((await submit(browser, html)).status).toBe(303);
    expect(await portalStatus(browser)).toBe(200);
  });

  it('"Ja, afmelden" on the question ends the portal session; "Nee" keeps it', async () => {
    const { app, rp, login } = await studentAndApp(t);
    for (const [answer, status] of [
      [{}, 200],
      [{ logout: 'yes' }, 401],
    ] as const) {
      const s = await signIn(t.base, app, rp, login);
      expect(s.back.url.startsWith(app.redirectUri)).toBe(true);
      const page = await s.browser.request(`/oidc/session/end?client_id=${app.clientId}`);
      const html = await page.text();
      expect(html).toContain('Ja, afmelden');
      expect((await submit(s.browser, html, answer)).status).toBe(303);
      expect(await portalStatus(s.browser)).toBe(status);
    }
  });

  it("an app's id_token_hint for the portal's person ends it; one for someone else does not", async () => {
    const { app, rp, login, school } = await studentAndApp(t);
    const tokens = await exchange(rp, await signIn(t.base, app, rp, login));
    const { username: otherName } = await studentWithAccount(
      t.ctx,
      school.id,
      {},
      { password: 'kip123' },
    );
    const bye = `${new URL(app.redirectUri).origin}/bye`;
    const end = (browser: Browser) =>
      browser.request(
        `/oidc/session/end?${new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: bye })}`,
      );

    const someoneElse = new Browser(t.base);
    await someoneElse.portalLogin({ username: otherName, password: 'kip123' });
    expect((await end(someoneElse)).status).toBe(200);
    expect(await portalStatus(someoneElse)).toBe(200);

    const same = new Browser(t.base);
    await same.portalLogin(login);
    const page = await end(same);
    expect(page.status).toBe(200);
    expect(await portalStatus(same)).toBe(401);
    const done = await submit(same, await page.text());
    expect(done.headers.get('location')).toBe(bye);
  });
});

describe('a temporary password still to be changed', () => {
  it('an app sign-in on an existing session goes back through the login', async () => {
    const { student, login, app, rp } = await studentAndApp(t, {}, {}, OWN_ADVANCED);
    const s = await signIn(t.base, app, rp, login);
    expect(s.back.url.startsWith(app.redirectUri)).toBe(true);
    // As after a change of account type: the sessions stay, the password must change first.
    await t.db
      .updateTable('accounts')
      .set({ must_change: true })
      .where('student_id', '=', student.id)
      .execute();
    expect((await s.browser.request('/api/v1/portal/launchpad')).status).toBe(403);
    // The login interaction (where the forced change happens) instead of a code for the app.
    const again = await s.browser.follow((await startFlow(rp, app.redirectUri)).url);
    expect(again.url).toMatch(/\/aanmelden\?app=/);
  });
});
