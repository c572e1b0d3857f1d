import { describe, expect, it } from '@jest/globals';
import { appForFile } from '../../test/per-file.js';
import {
  Browser,
  createOidcTestApp,
  grantsOf,
  shownOn,
  signIn,
  studentAndApp,
} from '../../test/oidc-support.js';

// The provider's own pages (consent, refusal, sign-out) as Chromium posts their forms: Origin
// null and a form body accepted there only, and a form-action that lets the answer go on to the
// app. The consent itself: consent.test.ts.

const t = appForFile(createOidcTestApp);

/**
 * The answer a form button gives in Chromium: the button has no name, so the body holds the
 * consent page's hidden field only (nothing on the refused page).
 */
const chromiumPost = (browser: Browser, action: string, shown?: string) =>
  browser.request(action, {
    method: 'POST',
    headers: {
      origin: 'null',
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: shown === undefined ? '' : `shown=${encodeURIComponent(shown)}`,
  });

const formActions = (res: Response) =>
  res.headers
    .get('content-security-policy')!
    .split(';')
    .filter((d) => d.startsWith('form-action'));

describe('consent', () => {
  it('the forms work as Chromium sends them: Origin null, same-origin, urlencoded', async () => {
    const { login, app, rp } = await studentAndApp(t, {
      requiresConsent: true,
      // Two hosts: a pairwise app would need a sector_identifier_uri.
      subjectType: 'public',
      redirectUris: ['https://taaltuin.example/callback', 'https://m.taaltuin.example/cb'],
    });
    // What helmet sends everywhere else (no-referrer: Chromium would post Origin null).
    const elsewhere = await fetch(`${t.base}/api/health`);
    expect(elsewhere.headers.get('referrer-policy')).toBe('no-referrer');
    expect(elsewhere.headers.get('content-security-policy')).toContain("form-action 'self';");

    const formHeaders = (res: Response) => {
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(formActions(res)).toEqual([
        "form-action 'self' https://taaltuin.example https://m.taaltuin.example",
      ]);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    };

    // "Nee, weigeren": the app gets access_denied.
    const s = await signIn(t.base, app, rp, login);
    expect(s.back.response.status).toBe(200);
    formHeaders(s.back.response);
    const html = await s.back.response.text();
    const decline = html.match(/formaction="([^"]+)"/)![1]!;
    const declined = await chromiumPost(s.browser, decline, shownOn(html));
    expect(declined.status).toBe(303);
    const back = await s.browser.follow(declined.headers.get('location')!);
    expect(new URL(back.url).searchParams.get('error')).toBe('access_denied');

    // "Ja, toestaan": the app gets its code.
    const s2 = await signIn(t.base, app, rp, login, { browser: s.browser });
    formHeaders(s2.back.response);
    const html2 = await s2.back.response.text();
    const allow = html2.match(/<form method="post" action="([^"]+)"/)![1]!;
    // Not from our own page: refused, whatever the body.
    const notOurs: Record<string, string>[] = [
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: 'null', 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    // The router decodes the path: an interaction's route spelled otherwise is checked alike.
    const spelled = allow.replace('/oidc/interaction/', '/oidc/%69nteraction/');
    expect(spelled).not.toBe(allow);
    for (const [headers, action] of notOurs.flatMap(
      (h) =>
        [
          [h, allow],
          [h, spelled],
        ] as const,
    )) {
      const res = await s2.browser.request(action, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: '',
      });
      expect(res.status).toBe(403);
    }
    expect(await grantsOf(t, app.clientId)).toEqual([]);
    // A long form body is not read.
    const long = await s2.browser.request(allow, {
      method: 'POST',
      headers: {
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `x=${'a'.repeat(5000)}`,
    });
    expect(long.status).toBe(413);
    const allowed = await chromiumPost(s2.browser, allow, shownOn(html2));
    expect(allowed.status).toBe(303);
    const done = await s2.browser.follow(allowed.headers.get('location')!);
    expect(done.url.startsWith(app.redirectUri)).toBe(true);
    expect(new URL(done.url).searchParams.get('code')).toBeTruthy();
    expect(await grantsOf(t, app.clientId)).toHaveLength(1);
  });

  it("Origin null is accepted on the provider's pages only, and form bodies only there", async () => {
    const res = await fetch(`${t.base}/api/v1/portal/logout`, {
      method: 'POST',
      headers: {
        origin: 'null',
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
    const form = await fetch(`${t.base}/api/v1/portal/logout`, {
      method: 'POST',
      headers: {
        origin: t.base,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
    });
    expect(form.status).toBe(415);
  });

  it('the refused page: same headers, and its button works as Chromium sends it', async () => {
    const { login, app, rp } = await studentAndApp(t, {
      forStudents: false,
      forParents: true,
      redirectUris: ['https://ouders.example/callback'],
    });
    const s = await signIn(t.base, app, rp, login);
    expect(s.back.response.status).toBe(403);
    expect(s.back.response.headers.get('referrer-policy')).toBe('same-origin');
    expect(s.back.response.headers.get('content-security-policy')).toContain(
      "form-action 'self' https://ouders.example",
    );
    const html = await s.back.response.text();
    expect(html).toContain('Terug naar');
    const action = html.match(/<form method="post" action="([^"]+)"/)![1]!;
    const res = await chromiumPost(s.browser, action);
    expect(res.status).toBe(303);
    const back = await s.browser.follow(res.headers.get('location')!);
    expect(back.url.startsWith('https://ouders.example/callback')).toBe(true);
    expect(new URL(back.url).searchParams.get('error')).toBe('access_denied');
  });

  it("the sign-out question may send its form on to the app's post-logout origin", async () => {
    const { login, app, rp } = await studentAndApp(t);
    // Signed in to the app (a provider session): the provider asks before signing out.
    const s = await signIn(t.base, app, rp, login);
    expect(s.back.url.startsWith(app.redirectUri)).toBe(true);
    const bye = `${new URL(app.redirectUri).origin}/bye`;
    const res = await s.browser.request(
      `/oidc/session/end?client_id=${app.clientId}&post_logout_redirect_uri=${encodeURIComponent(bye)}`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Ja, afmelden');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(formActions(res)).toEqual([`form-action 'self' ${new URL(app.redirectUri).origin}`]);
  });
});
