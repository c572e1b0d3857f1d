import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp } from '../../test/harness.js';
import { createInstitution } from '../../test/factories.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';
import {
  Browser,
  client,
  createOidcApp,
  createOidcTestApp,
  relyingParty,
  startFlow,
} from '../../test/oidc-support.js';

// Apps marked "requires consent" ask the person after the portal login; the answer is remembered
// on the grant. Apps the school enabled without that mark never ask.

let t: TestApp & { base: string };

beforeAll(async () => {
  t = await createOidcTestApp();
});
afterAll(() => t.close());

/** Authorization request and portal login; answers where the browser ended up. */
async function toInteraction(
  app: { redirectUri: string },
  rp: client.Configuration,
  login: Record<string, unknown>,
  opts: { scope?: string; extra?: Record<string, string>; browser?: Browser } = {},
) {
  const flow = await startFlow(rp, app.redirectUri, opts.scope, opts.extra);
  const browser = opts.browser ?? new Browser(t.base);
  const first = await browser.follow(flow.url);
  let uid: string | undefined;
  if (first.url.includes('/aanmelden?app=')) {
    uid = new URL(first.url).searchParams.get('app')!;
    const res = await browser.portalLogin(login);
    if (res.status !== 200) throw new Error(`portal login ${res.status}`);
    return { flow, browser, uid, page: await browser.follow(`/oidc/interaction/${uid}`) };
  }
  return { flow, browser, uid, page: first };
}

/** The consent page's hidden field: whom the page was shown to. */
const shownOn = (html: string) => html.match(/name="shown" value="([^"]+)"/)![1]!;

/** The consent page's answer, as its form posts it (the hidden field `shown` included). */
const post = (browser: Browser, path: string, shown: string) =>
  browser.request(path, {
    method: 'POST',
    headers: { origin: t.base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ shown }).toString(),
  });

async function answer(s: Awaited<ReturnType<typeof toInteraction>>, path: 'consent' | 'decline') {
  const uid = s.page.url.match(/\/oidc\/interaction\/([^/?]+)/)![1]!;
  // The page as the browser has it now (its body may have been read by the test).
  const shown = shownOn(await (await s.browser.request(s.page.url)).text());
  const res = await post(s.browser, `/oidc/interaction/${uid}/${path}`, shown);
  expect(res.status).toBe(303);
  return s.browser.follow(res.headers.get('location')!);
}

const consentEvents = (studentId: string) =>
  t.db
    .selectFrom('account_events')
    .select(['kind', 'actor_kind', 'detail'])
    .where('student_id', '=', studentId)
    .where('kind', 'in', ['app_consent_granted', 'app_consent_declined'])
    .orderBy('created_at')
    .execute();

const grants = (clientId: string) =>
  t.db
    .selectFrom('oidc_models')
    .select('id')
    .where('model', '=', 'Grant')
    .where((eb) => eb(eb.ref('payload', '->>').key('clientId' as never), '=', clientId))
    .execute();

describe('consent', () => {
  it('an app that requires consent shows what it will receive; allowing is remembered', async () => {
    const school = await createInstitution(t.ctx, { name: 'Sint-Jozef' });
    const { username, student } = await studentWithAccount(
      t.ctx,
      school.id,
      { first_name: 'Zoë', last_name: 'Peeters', group_name: '3A' },
      { password: 'zal659' },
    );
    const app = await createOidcApp(t.ctx, {
      institutionId: school.id,
      name: 'Taaltuin <b>',
      requiresConsent: true,
    });
    const rp = await relyingParty(t.base, app);
    const s = await toInteraction(app, rp, { username, password: 'zal659' });
    expect(s.page.response.status).toBe(200);
    const html = await s.page.response.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Aanmelden bij Taaltuin &lt;b&gt;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<li>Je naam: Zoë Peeters</li>');
    expect(html).toContain(`<li>Je gebruikersnaam: ${username}</li>`);
    expect(html).toContain('<li>Je school en klas: Sint-Jozef, 3A</li>');
    expect(html).toContain('<li>Dat je leerling bent</li>');
    expect(html).not.toContain('e-mailadres:');
    // Nothing is granted before the answer.
    expect(await grants(app.clientId)).toEqual([]);

    const fr = await s.browser.request(`${s.page.url.replace(t.base, '')}?lang=fr`);
    const frHtml = await fr.text();
    expect(frHtml).toContain('<html lang="fr">');
    // French typography: a non-breaking space before the colon and the question mark.
    expect(frHtml).toContain('Ton nom\u00a0: Zoë Peeters');
    expect(frHtml).toContain('recevoir ces données\u00a0?');

    const back = await answer(s, 'consent');
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    const tokens = await client.authorizationCodeGrant(rp, new URL(back.url), {
      pkceCodeVerifier: s.flow.verifier,
      expectedState: s.flow.state,
      expectedNonce: s.flow.nonce,
    });
    expect(tokens.claims()!.sub).toEqual(expect.any(String));
    expect(await grants(app.clientId)).toHaveLength(1);
    // The answer is in the student's history, with what the app may read.
    expect(await consentEvents(student.id)).toEqual([
      {
        kind: 'app_consent_granted',
        actor_kind: 'student',
        detail: expect.objectContaining({
          app: 'Taaltuin <b>',
          scopes: expect.arrayContaining(['openid', 'profile', 'school']),
        }),
      },
    ]);

    // Another day, another browser: the same scopes are not asked again...
    const again = await toInteraction(app, rp, { username, password: 'zal659' });
    expect(again.page.url.startsWith(app.redirectUri)).toBe(true);
    // ...more scopes are, and so is prompt=consent.
    const more = await toInteraction(
      app,
      rp,
      { username, password: 'zal659' },
      { scope: 'openid profile email school offline_access', extra: { prompt: 'consent' } },
    );
    expect(more.page.response.status).toBe(200);
    expect(await more.page.response.text()).toContain('mag je aangemeld houden');
  });

  it('declining sends the app access_denied with its state, and grants nothing', async () => {
    const school = await createInstitution(t.ctx);
    const { username, student } = await studentWithAccount(
      t.ctx,
      school.id,
      {},
      { password: 'kip123' },
    );
    const app = await createOidcApp(t.ctx, { institutionId: school.id, requiresConsent: true });
    const rp = await relyingParty(t.base, app);
    const s = await toInteraction(app, rp, { username, password: 'kip123' });
    expect(s.page.response.status).toBe(200);
    const back = await answer(s, 'decline');
    expect(await consentEvents(student.id)).toEqual([
      expect.objectContaining({ kind: 'app_consent_declined', actor_kind: 'student' }),
    ]);
    const params = new URL(back.url).searchParams;
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe(s.flow.state);
    expect(params.get('code')).toBeNull();
    expect(await grants(app.clientId)).toEqual([]);
    // Declined is not remembered as consent: asked again next time.
    const again = await toInteraction(app, rp, { username, password: 'kip123' });
    expect(again.page.response.status).toBe(200);
  });

  it("a parent sees the parent's lines in English; a cross-site answer is refused", async () => {
    const school = await createInstitution(t.ctx, { name: 'De Boom' });
    const { student, username } = await studentWithAccount(
      t.ctx,
      school.id,
      { first_name: 'Mila', last_name: 'Janssens', parent_emails: ['papa@example.be'] },
      { password: 'kip123' },
    );
    await activeCoAccount(t.ctx, student, 1, 'Ouder-Wachtwoord-2024');
    const app = await createOidcApp(t.ctx, {
      institutionId: school.id,
      forParents: true,
      forStudents: false,
      requiresConsent: true,
    });
    const rp = await relyingParty(t.base, app);
    const s = await toInteraction(app, rp, { username, password: 'Ouder-Wachtwoord-2024' });
    const en = await s.browser.request(`${s.page.url.replace(t.base, '')}?lang=en`);
    const html = await en.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<li>That you are a parent</li>');
    expect(html).toContain('<li>Your child&#39;s first name: Mila</li>');
    expect(html).toContain('<li>Your child&#39;s school and class: De Boom');
    expect(html).toContain('<li>Your e-mail address: papa@example.be</li>');
    const uid = s.page.url.match(/\/oidc\/interaction\/([^/?]+)/)![1]!;
    const cross = await s.browser.request(`/oidc/interaction/${uid}/consent`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(cross.status).toBe(403);
    expect(await grants(app.clientId)).toEqual([]);
  });

  it('the forms work as Chromium sends them: Origin null, same-origin, urlencoded', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, {
      institutionId: school.id,
      requiresConsent: true,
      // Two hosts: a pairwise app would need a sector_identifier_uri.
      subjectType: 'public',
      redirectUris: ['https://taaltuin.example/callback', 'https://m.taaltuin.example/cb'],
    });
    const rp = await relyingParty(t.base, app);
    // What helmet sends everywhere else (no-referrer: Chromium would post Origin null).
    const elsewhere = await fetch(`${t.base}/api/health`);
    expect(elsewhere.headers.get('referrer-policy')).toBe('no-referrer');
    expect(elsewhere.headers.get('content-security-policy')).toContain("form-action 'self';");

    /** The answer a form button gives in Chromium (the button has no name: the hidden field only). */
    const chromium = (
      s: Awaited<ReturnType<typeof toInteraction>>,
      action: string,
      shown: string,
    ) =>
      s.browser.request(action, {
        method: 'POST',
        headers: {
          origin: 'null',
          'sec-fetch-site': 'same-origin',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `shown=${encodeURIComponent(shown)}`,
      });
    const formHeaders = (res: Response) => {
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      const csp = res.headers.get('content-security-policy')!;
      const formAction = csp.split(';').filter((d) => d.startsWith('form-action'));
      expect(formAction).toEqual([
        "form-action 'self' https://taaltuin.example https://m.taaltuin.example",
      ]);
      expect(csp).toContain("default-src 'self'");
    };

    // "Nee, weigeren": the app gets access_denied.
    const s = await toInteraction(app, rp, { username, password: 'kip123' });
    expect(s.page.response.status).toBe(200);
    formHeaders(s.page.response);
    const html = await s.page.response.text();
    const decline = html.match(/formaction="([^"]+)"/)![1]!;
    const declined = await chromium(s, decline, shownOn(html));
    expect(declined.status).toBe(303);
    const back = await s.browser.follow(declined.headers.get('location')!);
    expect(new URL(back.url).searchParams.get('error')).toBe('access_denied');

    // "Ja, toestaan": the app gets its code.
    const s2 = await toInteraction(
      app,
      rp,
      { username, password: 'kip123' },
      { browser: s.browser },
    );
    formHeaders(s2.page.response);
    const html2 = await s2.page.response.text();
    const allow = html2.match(/<form method="post" action="([^"]+)"/)![1]!;
    // Not from our own page: refused, whatever the body.
    const notOurs: Record<string, string>[] = [
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: 'null', 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of notOurs) {
      const res = await s2.browser.request(allow, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      expect(res.status).toBe(403);
    }
    expect(await grants(app.clientId)).toEqual([]);
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
    const allowed = await chromium(s2, allow, shownOn(html2));
    expect(allowed.status).toBe(303);
    const done = await s2.browser.follow(allowed.headers.get('location')!);
    expect(done.url.startsWith(app.redirectUri)).toBe(true);
    expect(new URL(done.url).searchParams.get('code')).toBeTruthy();
    expect(await grants(app.clientId)).toHaveLength(1);
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
      headers: { origin: t.base, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(form.status).toBe(415);
  });

  it('the refused page: same headers, and its button works as Chromium sends it', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, {
      institutionId: school.id,
      forStudents: false,
      forParents: true,
      redirectUris: ['https://ouders.example/callback'],
    });
    const rp = await relyingParty(t.base, app);
    const s = await toInteraction(app, rp, { username, password: 'kip123' });
    expect(s.page.response.status).toBe(403);
    expect(s.page.response.headers.get('referrer-policy')).toBe('same-origin');
    expect(s.page.response.headers.get('content-security-policy')).toContain(
      "form-action 'self' https://ouders.example",
    );
    const html = await s.page.response.text();
    expect(html).toContain('Terug naar');
    const action = html.match(/<form method="post" action="([^"]+)"/)![1]!;
    const res = await s.browser.request(action, {
      method: 'POST',
      headers: {
        origin: 'null',
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
    });
    expect(res.status).toBe(303);
    const back = await s.browser.follow(res.headers.get('location')!);
    expect(back.url.startsWith('https://ouders.example/callback')).toBe(true);
    expect(new URL(back.url).searchParams.get('error')).toBe('access_denied');
  });

  it("the sign-out question may send its form on to the app's post-logout origin", async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(t.base, app);
    // Signed in to the app (a provider session): the provider asks before signing out.
    const s = await toInteraction(app, rp, { username, password: 'kip123' });
    expect(s.page.url.startsWith(app.redirectUri)).toBe(true);
    const bye = `${new URL(app.redirectUri).origin}/bye`;
    const res = await s.browser.request(
      `/oidc/session/end?client_id=${app.clientId}&post_logout_redirect_uri=${encodeURIComponent(bye)}`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Ja, afmelden');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(
      res.headers
        .get('content-security-policy')!
        .split(';')
        .filter((d) => d.startsWith('form-action')),
    ).toEqual([`form-action 'self' ${new URL(app.redirectUri).origin}`]);
  });

  it('the answer counts only for the person the page was shown to', async () => {
    const school = await createInstitution(t.ctx);
    const one = await studentWithAccount(
      t.ctx,
      school.id,
      { first_name: 'Núria', last_name: 'Ærø' },
      { password: 'kam472' },
    );
    const two = await studentWithAccount(
      t.ctx,
      school.id,
      { first_name: 'Zoë', last_name: 'Claes' },
      { password: 'vis385' },
    );
    const app = await createOidcApp(t.ctx, { institutionId: school.id, requiresConsent: true });
    const rp = await relyingParty(t.base, app);
    const s = await toInteraction(app, rp, { username: one.username, password: 'kam472' });
    const html = await s.page.response.text();
    expect(html).toContain('<li>Je naam: Núria Ærø</li>');
    const uid = s.page.url.match(/\/oidc\/interaction\/([^/?]+)/)![1]!;
    // Someone else signs in to the portal in another tab of the same browser, then the first
    // page's buttons are clicked.
    expect(
      (await s.browser.portalLogin({ username: two.username, password: 'vis385' })).status,
    ).toBe(200);
    const allow = await post(s.browser, `/oidc/interaction/${uid}/consent`, shownOn(html));
    expect(allow.status).toBe(200);
    const again = await allow.text();
    expect(again).toContain('<li>Je naam: Zoë Claes</li>');
    const decline = await post(s.browser, `/oidc/interaction/${uid}/decline`, shownOn(html));
    expect(decline.status).toBe(303);
    expect(decline.headers.get('location')).toBe(`/oidc/interaction/${uid}`);
    // Nothing granted, nothing in anyone's history.
    expect(await grants(app.clientId)).toEqual([]);
    expect(await consentEvents(one.student.id)).toEqual([]);
    expect(await consentEvents(two.student.id)).toEqual([]);
    // A forged or missing answer is no answer either.
    const forged = await post(s.browser, `/oidc/interaction/${uid}/consent`, 'x'.repeat(43));
    expect(forged.status).toBe(200);
    expect(await grants(app.clientId)).toEqual([]);
    // The page shown to the person signed in now: their answer counts.
    const back = await post(s.browser, `/oidc/interaction/${uid}/consent`, shownOn(again));
    expect(back.status).toBe(303);
    expect(await grants(app.clientId)).toHaveLength(1);
    expect(await consentEvents(two.student.id)).toEqual([
      expect.objectContaining({ kind: 'app_consent_granted' }),
    ]);
  });

  it('an app without the mark never asks', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(t.base, app);
    const s = await toInteraction(app, rp, { username, password: 'kip123' });
    expect(s.page.url.startsWith(app.redirectUri)).toBe(true);
  });
});
