import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { appForFile } from '../../test/per-file.js';
import {
  Browser,
  client,
  createOidcTestApp,
  startFlow,
  studentAndApp,
} from '../../test/oidc-support.js';

// auth_time is the portal login the session began with; an app that asks for a new login
// (prompt=login) or a recent one (max_age) gets one, even from someone signed in to the portal
// (OpenID Connect Core 3.1.2.1).

const t = appForFile(createOidcTestApp);

/** A student, an app of their school, and a browser not signed in to the portal yet. */
async function setup() {
  return { ...(await studentAndApp(t)), browser: new Browser(t.base) };
}

type Setup = Awaited<ReturnType<typeof setup>>;

const portalLogin = async (s: Setup) =>
  expect((await s.browser.portalLogin(s.login)).status).toBe(200);

/** An authorization request from a browser; where it ends: the app (a code) or the login page. */
async function authorize(s: Setup, extra: Record<string, string> = {}) {
  const flow = await startFlow(s.rp, s.app.redirectUri, 'openid profile', extra);
  const end = await s.browser.follow(flow.url);
  return { flow, url: new URL(end.url) };
}

async function idToken(s: Setup, flow: Awaited<ReturnType<typeof startFlow>>, url: URL) {
  const tokens = await client.authorizationCodeGrant(s.rp, url, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
  return tokens.claims()! as { auth_time: number; iat: number };
}

/** Signs in at the portal's login page the flow was sent to, and back to the app. */
async function logInThere(s: Setup, at: URL) {
  const uid = at.searchParams.get('app')!;
  await portalLogin(s);
  return new URL((await s.browser.follow(`/oidc/interaction/${uid}`)).url);
}

/** Makes the portal session's login `seconds` older than it is. */
const ageLogin = (studentId: string, seconds: number) =>
  t.db
    .updateTable('sessions')
    .set({ created_at: sql<Date>`created_at - make_interval(secs => ${seconds})` })
    .where('student_id', '=', studentId)
    .execute();

/** The login time of the newest portal session, in seconds. */
const sessionLogin = async (studentId: string) =>
  Math.floor(
    (
      await t.db
        .selectFrom('sessions')
        .select('created_at')
        .where('student_id', '=', studentId)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).created_at.getTime() / 1000,
  );

describe('when the person logged in', () => {
  it('auth_time is the portal login, not the moment the app asked', async () => {
    const s = await setup();
    // Signed in at the portal two minutes ago; now the app is opened: nothing is asked.
    await portalLogin(s);
    await ageLogin(s.student.id, 120);
    const loggedInAt = await sessionLogin(s.student.id);
    const next = await authorize(s, { max_age: '3600' });
    expect(next.url.origin + next.url.pathname).toBe(s.app.redirectUri);
    const claims = await idToken(s, next.flow, next.url);
    expect(claims.auth_time).toBe(loggedInAt);
    expect(claims.iat - claims.auth_time).toBeGreaterThanOrEqual(119);
  });

  it('prompt=login and max_age=0 send someone signed in to the login page again', async () => {
    const s = await setup();
    await portalLogin(s);
    const asks: Array<Record<string, string>> = [{ prompt: 'login' }, { max_age: '0' }];
    for (const extra of asks) {
      await ageLogin(s.student.id, 10);
      const asked = await authorize(s, extra);
      expect(asked.url.pathname).toBe('/aanmelden');
      expect(asked.url.searchParams.get('opnieuw')).toBe('1');
      const back = await logInThere(s, asked.url);
      expect(back.origin + back.pathname).toBe(s.app.redirectUri);
      const claims = await idToken(s, asked.flow, back);
      expect(claims.auth_time).toBe(await sessionLogin(s.student.id));
    }
  });

  it('max_age: a login older than asked means a new one; a recent enough one is kept', async () => {
    const s = await setup();
    await portalLogin(s);
    await ageLogin(s.student.id, 600);
    const recentEnough = await authorize(s, { max_age: '3600' });
    expect(recentEnough.url.origin + recentEnough.url.pathname).toBe(s.app.redirectUri);
    const tooOld = await authorize(s, { max_age: '300' });
    expect(tooOld.url.pathname).toBe('/aanmelden');
    expect(tooOld.url.searchParams.get('opnieuw')).toBe('1');
  });
});
