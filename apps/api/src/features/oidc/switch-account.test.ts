import { describe, expect, it } from '@jest/globals';
import { createInstitution } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import { studentWithAccount } from '../../test/portal-factories.js';
import {
  Browser,
  createOidcApp,
  createOidcTestApp,
  exchange,
  relyingParty,
  signIn,
  signInInside,
  subjectOf,
} from '../../test/oidc-support.js';

// A shared classroom computer: one child signs in to an app, signs out of the portal, the next
// child signs in to the portal and opens the same app. The provider still has the first child's
// session in this browser, so it ends that one first (a page that posts itself to
// end_session_confirm) and then signs the second child in. That must neither end the second
// child's portal session nor lose the sign-in (found by the outside test: a 400 "interaction
// session not found" and the portal signed out).

const t = appForFile(createOidcTestApp);

/** A school, one app of it, and a browser with nobody signed in yet. */
async function classroom() {
  const school = await createInstitution(t.ctx);
  const app = await createOidcApp(t.ctx, { institutionId: school.id });
  return { school, app, rp: await relyingParty(t.base, app), browser: new Browser(t.base) };
}

/** A child of the school with a password, and their sign-in to the app in the room's browser. */
async function child(room: Awaited<ReturnType<typeof classroom>>, password: string) {
  const { username } = await studentWithAccount(t.ctx, room.school.id, {}, { password });
  const { app, rp, browser } = room;
  return { username, signIn: () => signIn(t.base, app, rp, { username, password }, { browser }) };
}

/** What a browser does with the provider's self-posting form: post its fields, follow on. */
async function submitSelfPostingForm(browser: Browser, html: string) {
  const action = html.match(/<form[^>]*action="([^"]+)"/)![1]!.replaceAll('&amp;', '&');
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
    fields.set(m[1]!, m[2]!);
  const posted = await browser.request(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.base },
    body: fields.toString(),
  });
  expect(posted.status).toBe(303);
  return browser.follow(new URL(posted.headers.get('location')!, t.base).toString());
}

/** The first child signs in to the app, then out of the portal; the second child is next. */
async function firstChildDone(room: Awaited<ReturnType<typeof classroom>>) {
  const first = await child(room, 'kip123');
  const second = await child(room, 'vis456');
  const subjectOne = subjectOf(await exchange(room.rp, await first.signIn()));
  const out = await room.browser.request('/api/v1/portal/logout', {
    method: 'POST',
    headers: { origin: t.base },
  });
  expect(out.status).toBe(204);
  return { second, subjectOne };
}

describe('switching children in one browser', () => {
  it('the second child lands in the app as themselves and stays signed in to the portal', async () => {
    const room = await classroom();
    const { app, rp, browser } = room;
    const { second, subjectOne } = await firstChildDone(room);

    const two = await second.signIn();
    let back = two.back;
    if (!back.url.startsWith(app.redirectUri)) {
      // The provider ends the first child's session with a page that posts itself.
      expect(back.response.status).toBe(200);
      back = await submitSelfPostingForm(browser, await back.response.text());
    }
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    const subjectTwo = subjectOf(await exchange(rp, { flow: two.flow, back }));
    expect(subjectTwo).not.toBe(subjectOne);

    const me = await browser.request('/api/v1/portal/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe(second.username);
  });

  // The same room as the web app drives it: straight to the login page (no portal cookie), the
  // login inside the interaction, then its continueTo; the provider still holds the first child.
  it('the login inside the interaction: the second child lands as themselves, never as the first', async () => {
    const room = await classroom();
    const { app, rp, browser } = room;
    const { second, subjectOne } = await firstChildDone(room);

    const two = await signInInside(
      t.base,
      app,
      rp,
      { username: second.username, password: 'vis456' },
      { browser },
    );
    expect(two.uid).toBeDefined();
    let back = two.back!;
    if (!back.url.startsWith(app.redirectUri)) {
      expect(back.response.status).toBe(200);
      back = await submitSelfPostingForm(browser, await back.response.text());
    }
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    const subjectTwo = subjectOf(await exchange(rp, { flow: two.flow, back }));
    expect(subjectTwo).not.toBe(subjectOne);
    const me = await browser.request('/api/v1/portal/me');
    expect(((await me.json()) as { username: string }).username).toBe(second.username);
  });

  it('signing out through the app still ends the portal session of the person it signed out', async () => {
    const room = await classroom();
    const { app, browser } = room;
    const kid = await child(room, 'kip123');
    await kid.signIn();
    const question = await browser.follow(`/oidc/session/end?client_id=${app.clientId}`);
    expect(question.response.status).toBe(200);
    const html = await question.response.text();
    const xsrf = html.match(/name="xsrf" value="([^"]+)"/)![1]!;
    const confirm = await browser.request('/oidc/session/end/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.base },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(confirm.status).toBe(303);
    expect((await browser.request('/api/v1/portal/me')).status).toBe(401);
  });
});
