import { describe, expect, it } from '@jest/globals';
import { appForFile } from '../../test/per-file.js';
import { createInstitution } from '../../test/factories.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';
import {
  Browser,
  createOidcApp,
  createOidcTestApp,
  exchange,
  grantsOf,
  relyingParty,
  shownOn,
  signIn,
  SINT_JOZEF,
  studentAndApp,
  ZOE,
} from '../../test/oidc-support.js';

// Apps marked "requires consent" ask the person after the portal login; the answer is remembered
// on the grant. Apps the school enabled without that mark never ask.

const t = appForFile(createOidcTestApp);

type SignedIn = Awaited<ReturnType<typeof signIn>>;

/** The consent page's answer, as its form posts it (the hidden field `shown` included). */
const post = (browser: Browser, path: string, shown: string) =>
  browser.request(path, {
    method: 'POST',
    headers: { origin: t.base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ shown }).toString(),
  });

async function answer(s: SignedIn, path: 'consent' | 'decline') {
  const uid = s.back.url.match(/\/oidc\/interaction\/([^/?]+)/)![1]!;
  // The page as the browser has it now (its body may have been read by the test).
  const shown = shownOn(await (await s.browser.request(s.back.url)).text());
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
describe('consent', () => {
  it('an app that requires consent shows what it will receive; allowing is remembered', async () => {
    const { username, student, login, app, rp } = await studentAndApp(
      t,
      { name: 'Taaltuin <b>', requiresConsent: true },
      ZOE,
      SINT_JOZEF,
    );
    const s = await signIn(t.base, app, rp, login);
    expect(s.back.response.status).toBe(200);
    const html = await s.back.response.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Aanmelden bij Taaltuin &lt;b&gt;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<li>Je naam: Zoë Peeters</li>');
    expect(html).toContain(`<li>Je gebruikersnaam: ${username}</li>`);
    expect(html).toContain('<li>Je school en klas: Sint-Jozef, 3A</li>');
    expect(html).toContain('<li>Dat je leerling bent</li>');
    expect(html).not.toContain('e-mailadres:');
    // Nothing is granted before the answer.
    expect(await grantsOf(t, app.clientId)).toEqual([]);

    const fr = await s.browser.request(`${s.back.url.replace(t.base, '')}?lang=fr`);
    const frHtml = await fr.text();
    expect(frHtml).toContain('<html lang="fr">');
    // French typography: a non-breaking space before the colon and the question mark.
    expect(frHtml).toContain('Ton nom\u00a0: Zoë Peeters');
    expect(frHtml).toContain('recevoir ces données\u00a0?');

    const back = await answer(s, 'consent');
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    const tokens = await exchange(rp, { flow: s.flow, back });
    expect(tokens.claims()!.sub).toEqual(expect.any(String));
    expect(await grantsOf(t, app.clientId)).toHaveLength(1);
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
    const again = await signIn(t.base, app, rp, login);
    expect(again.back.url.startsWith(app.redirectUri)).toBe(true);
    // ...more scopes are, and so is prompt=consent.
    const more = await signIn(t.base, app, rp, login, {
      scope: 'openid profile email school offline_access',
      extra: { prompt: 'consent' },
    });
    expect(more.back.response.status).toBe(200);
    expect(await more.back.response.text()).toContain('mag je aangemeld houden');
  });

  it('answers given at the same moment: the first counts, once, and the app hears it', async () => {
    const { student, login, app, rp } = await studentAndApp(t, { requiresConsent: true });
    const s = await signIn(t.base, app, rp, login);
    expect(s.back.response.status).toBe(200);
    const uid = s.back.url.match(/\/oidc\/interaction\/([^/?]+)/)![1]!;
    const shown = shownOn(await s.back.response.text());
    const answers = await Promise.all(
      (['consent', 'decline', 'consent', 'decline'] as const).map((path) =>
        post(s.browser, `/oidc/interaction/${uid}/${path}`, shown),
      ),
    );
    for (const res of answers) expect(res.status).toBe(303);
    const events = await consentEvents(student.id);
    expect(events).toHaveLength(1);
    const granted = events[0]!.kind === 'app_consent_granted';
    const back = await s.browser.follow(answers[0]!.headers.get('location')!);
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    expect(new URL(back.url).searchParams.get(granted ? 'code' : 'error')).toBeTruthy();
    // Remembered only if that one answer was yes.
    expect(await grantsOf(t, app.clientId)).toHaveLength(granted ? 1 : 0);
  });

  it('declining sends the app access_denied with its state, and grants nothing', async () => {
    const { student, login, app, rp } = await studentAndApp(t, {
      requiresConsent: true,
    });
    const s = await signIn(t.base, app, rp, login);
    expect(s.back.response.status).toBe(200);
    const back = await answer(s, 'decline');
    expect(await consentEvents(student.id)).toEqual([
      expect.objectContaining({
        kind: 'app_consent_declined',
        actor_kind: 'student',
      }),
    ]);
    const params = new URL(back.url).searchParams;
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe(s.flow.state);
    expect(params.get('code')).toBeNull();
    expect(await grantsOf(t, app.clientId)).toEqual([]);
    // Declined is not remembered as consent: asked again next time.
    const again = await signIn(t.base, app, rp, login);
    expect(again.back.response.status).toBe(200);
  });

  it("a parent sees the parent's lines in English; a cross-site answer is refused", async () => {
    const { student, username, app, rp } = await studentAndApp(
      t,
      { forParents: true, forStudents: false, requiresConsent: true },
      { first_name: 'Mila', last_name: 'Janssens', parent_emails: ['papa@example.be'] },
      { schoolName: 'De Boom' },
    );
    await activeCoAccount(t.ctx, student, 1, 'Ouder-Wachtwoord-2024');
    const s = await signIn(t.base, app, rp, {
      username,
      password: 'Ouder-Wachtwoord-2024',
    });
    const en = await s.browser.request(`${s.back.url.replace(t.base, '')}?lang=en`);
    const html = await en.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<li>That you are a parent</li>');
    expect(html).toContain('<li>Your child&#39;s first name: Mila</li>');
    expect(html).toContain('<li>Your child&#39;s school and class: De Boom');
    expect(html).toContain('<li>Your e-mail address: papa@example.be</li>');
    const uid = s.back.url.match(/\/oidc\/interaction\/([^/?]+)/)![1]!;
    const cross = await s.browser.request(`/oidc/interaction/${uid}/consent`, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
    });
    expect(cross.status).toBe(403);
    expect(await grantsOf(t, app.clientId)).toEqual([]);
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
    const s = await signIn(t.base, app, rp, { username: one.username, password: 'kam472' });
    const html = await s.back.response.text();
    expect(html).toContain('<li>Je naam: Núria Ærø</li>');
    const uid = s.back.url.match(/\/oidc\/interaction\/([^/?]+)/)![1]!;
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
    expect(await grantsOf(t, app.clientId)).toEqual([]);
    expect(await consentEvents(one.student.id)).toEqual([]);
    expect(await consentEvents(two.student.id)).toEqual([]);
    // A forged or missing answer is no answer either.
    const forged = await post(s.browser, `/oidc/interaction/${uid}/consent`, 'x'.repeat(43));
    expect(forged.status).toBe(200);
    expect(await grantsOf(t, app.clientId)).toEqual([]);
    // The page shown to the person signed in now: their answer counts.
    const back = await post(s.browser, `/oidc/interaction/${uid}/consent`, shownOn(again));
    expect(back.status).toBe(303);
    expect(await grantsOf(t, app.clientId)).toHaveLength(1);
    expect(await consentEvents(two.student.id)).toEqual([
      expect.objectContaining({ kind: 'app_consent_granted' }),
    ]);
  });

  it('an app without the mark never asks', async () => {
    const { login, app, rp } = await studentAndApp(t);
    const s = await signIn(t.base, app, rp, login);
    expect(s.back.url.startsWith(app.redirectUri)).toBe(true);
  });
});
