import { describe, expect, it } from '@jest/globals';
import { patch as patchApp } from '../apps/service.js';
import {
  Browser,
  createOidcTestApp,
  signIn,
  startFlow,
  studentAndApp,
} from '../../test/oidc-support.js';
import { appForFile } from '../../test/per-file.js';

// The provider's own pages (an error, an app that is switched off, the sign-out question and
// its answer) in the language of the app's ui_locales, else ?lang=, else the browser's; Dutch
// when none is ours (found by an outside test: they were Dutch only).

const SYSTEM = { kind: 'system', id: null, name: 'test' } as const;

const t = appForFile(createOidcTestApp);

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.base}${path}`, { headers, redirect: 'manual' });
  const html = await res.text();
  return { status: res.status, lang: /<html lang="([a-z]+)"/.exec(html)?.[1], html };
}

describe("the provider's own pages", () => {
  it("an app its school switched off: the refusal page, in the browser's language", async () => {
    const { school, app, rp } = await studentAndApp(t);
    const flow = await startFlow(rp, app.redirectUri);
    await patchApp(t.ctx, { kind: 'school', iid: school.id }, SYSTEM, app.row.id, {
      disabled: true,
    });
    const url = flow.url.toString().slice(t.base.length);
    const nl = await page(url);
    expect(nl).toMatchObject({ status: 400, lang: 'nl' });
    expect(nl.html).toContain('Deze app staat op dit moment uit.');
    expect(nl.html).toContain(app.row.name);
    expect(nl.html).not.toContain('invalid_client');
    const fr = await page(url, { 'accept-language': 'fr-BE,fr;q=0.9,nl;q=0.5' });
    expect(fr).toMatchObject({ status: 400, lang: 'fr' });
    expect(fr.html).toContain('Cette application est désactivée pour le moment.');
  });

  it.each([
    ['', { 'accept-language': 'en-GB' }, 'en', 'Something went wrong'],
    ['&ui_locales=fr-BE%20en', {}, 'fr', "Une erreur s'est produite"],
    ['&ui_locales=de', { 'accept-language': 'de' }, 'nl', 'Er ging iets mis'],
  ])('an error%s under %j: %s', async (extra, headers, lang, title) => {
    const res = await page(`/oidc/auth?client_id=nobody${extra}`, headers);
    expect(res).toMatchObject({ status: 400, lang });
    expect(res.html).toContain(`<h1>${title.replace("'", '&#39;')}</h1>`);
    // The provider's technical words stay, small, for the app's developer.
    expect(res.html).toContain('invalid_client');
  });

  it('the sign-out question and the signed-out page follow ui_locales and ?lang=', async () => {
    const { app, rp, login } = await studentAndApp(t);
    const browser = new Browser(t.base);
    await signIn(t.base, app, rp, login, { browser });
    const question = await browser.follow(`${t.base}/oidc/session/end?ui_locales=en`);
    const html = await question.response.text();
    expect(/<html lang="([a-z]+)"/.exec(html)?.[1]).toBe('en');
    expect(html).toContain('<p>Do you want to sign out of Schoolloket?</p>');
    const done = await page('/oidc/session/end/success?lang=fr');
    expect(done).toMatchObject({ status: 200, lang: 'fr' });
    expect(done.html).toContain('Tu es déconnecté');
    // Answered: the signed-out page in the question's language.
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const confirmed = await browser.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
      redirect: 'manual',
    });
    expect(confirmed.status).toBe(303);
    const signedOut = await browser.follow(confirmed.headers.get('location')!);
    const answer = await signedOut.response.text();
    expect(/<html lang="([a-z]+)"/.exec(answer)?.[1]).toBe('en');
    expect(answer).toContain('You are signed out');
  });

  it.each([
    ['fr-BE en', 'fr'],
    ['de en-GB', 'en'],
    ['de', null],
    [undefined, null],
  ])('the portal login for an app asked ui_locales=%s shows %s', async (uiLocales, locale) => {
    const { app, rp } = await studentAndApp(t);
    const flow = await startFlow(
      rp,
      app.redirectUri,
      'openid',
      uiLocales ? { ui_locales: uiLocales } : {},
    );
    const browser = new Browser(t.base);
    const first = await browser.follow(flow.url.toString());
    const uid = new URL(first.url).searchParams.get('app')!;
    const info = await browser.request(`/api/v1/portal/app-sign-ins/${uid}`);
    expect(await info.json()).toEqual({ appName: app.row.name, logoUrl: null, locale });
  });
});
