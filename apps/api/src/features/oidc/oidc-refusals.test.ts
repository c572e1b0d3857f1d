import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { createInstitution } from '../../test/factories.js';
import { studentWithAccount } from '../../test/portal-factories.js';
import { newPassword, setBlocked } from '../accounts/account.js';
import { patch as patchApp, switchForSchool } from '../apps/service.js';
import {
  Browser,
  client,
  createOidcApp,
  createOidcTestApp,
  exchange,
  expectInvalidGrant,
  grantsOf,
  OFFLINE,
  relyingParty,
  signIn,
  startFlow,
  studentAndApp,
  subjectOf,
} from '../../test/oidc-support.js';
import { appForFile } from '../../test/per-file.js';

// Who may not sign in to an app, and what ends the sign-ins an app already holds.

const SYSTEM = { kind: 'system', id: null, name: 'test' } as const;

const t = appForFile(createOidcTestApp);

/** The authorization request and the portal login; answers the interaction the provider opened. */
async function toRefusal(app: { redirectUri: string }, rp: client.Configuration, username: string) {
  const flow = await startFlow(rp, app.redirectUri);
  const browser = new Browser(t.base);
  const first = await browser.follow(flow.url);
  await browser.portalLogin({ username, password: 'kip123' });
  const uid = new URL(first.url).searchParams.get('app')!;
  return { flow, browser, uid };
}

/** What the provider holds (sessions, grants, tokens) for a student. */
const heldFor = (studentId: string) =>
  t.db
    .selectFrom('oidc_models')
    .select('model')
    .where(sql<string>`payload->>'accountId'`, '=', `s.${studentId}`)
    .execute();

describe('who may not sign in', () => {
  it('a student of a group the app is not for sees a clear page; the app gets access_denied', async () => {
    const { username, app, rp } = await studentAndApp(
      t,
      { name: 'Rekenrap', groups: ['3A'] },
      { group_name: '2B' },
    );
    const { flow, browser, uid } = await toRefusal(app, rp, username);
    const page = await browser.request(`/oidc/interaction/${uid}`);
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain('Je kan Rekenrap niet gebruiken');
    expect(html).toContain('niet voor jouw klas');
    expect(html).not.toMatch(/@import|https?:\/\/fonts/);
    const aborted = await browser.request(`/oidc/interaction/${uid}/abort`, {
      method: 'POST',
      headers: { origin: t.base },
    });
    const back = await browser.follow(aborted.headers.get('location')!);
    const params = new URL(back.url).searchParams;
    expect(back.url.startsWith(app.redirectUri)).toBe(true);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe(flow.state);
  });

  it("another school's app, a parents-only app, a disabled app: refused", async () => {
    const school = await createInstitution(t.ctx);
    const other = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    for (const opts of [
      { institutionId: other.id },
      { institutionId: school.id, forStudents: false, forParents: true },
      { institutionId: null },
    ]) {
      const app = await createOidcApp(t.ctx, opts);
      const rp = await relyingParty(t.base, app);
      const { browser, uid } = await toRefusal(app, rp, username);
      expect((await browser.request(`/oidc/interaction/${uid}`)).status).toBe(403);
    }
  });

  it('a student blocked after signing in gets no token and no userinfo', async () => {
    const { student, login, app, rp } = await studentAndApp(t);
    const early = await exchange(rp, await signIn(t.base, app, rp, login));
    const s = await signIn(t.base, app, rp, login);
    await t.db
      .updateTable('accounts')
      .set({ blocked_at: t.clock.now })
      .where('student_id', '=', student.id)
      .execute();
    await expectInvalidGrant(exchange(rp, s));
    await expect(
      client.fetchUserInfo(rp, early.access_token, subjectOf(early)),
    ).rejects.toBeDefined();
  });

  it("an admin's new password or a block ends the sessions and revokes the refresh tokens", async () => {
    const { school, student, login, app, rp } = await studentAndApp(t);
    const tokens = await exchange(rp, await signIn(t.base, app, rp, login, OFFLINE));
    expect((await heldFor(student.id)).map((r) => r.model)).toEqual(
      expect.arrayContaining(['Session', 'Grant']),
    );
    await newPassword(t.ctx, school.id, student.id, SYSTEM, {
      passwordKind: 'word',
    });
    expect(await heldFor(student.id)).toEqual([]);
    await expectInvalidGrant(client.refreshTokenGrant(rp, tokens.refresh_token!));
    expect(
      await t.db.selectFrom('sessions').select('id').where('student_id', '=', student.id).execute(),
    ).toEqual([]);

    const { student: other, username: otherName } = await studentWithAccount(
      t.ctx,
      school.id,
      {},
      { password: 'kip123' },
    );
    const otherLogin = { username: otherName, password: 'kip123' };
    const again = await exchange(rp, await signIn(t.base, app, rp, otherLogin, OFFLINE));
    await setBlocked(t.ctx, school.id, other.id, SYSTEM, true);
    await expectInvalidGrant(client.refreshTokenGrant(rp, again.refresh_token!));
    expect(await heldFor(other.id)).toEqual([]);
  });

  it('disabling an app and switching it on again does not revive its refresh tokens', async () => {
    const { school, login, app, rp } = await studentAndApp(t);
    const tokens = await exchange(rp, await signIn(t.base, app, rp, login, OFFLINE));
    const sub = subjectOf(tokens);
    expect(await grantsOf(t, app.clientId)).toHaveLength(1);

    const owner = { kind: 'school', iid: school.id } as const;
    await patchApp(t.ctx, owner, SYSTEM, app.row.id, { disabled: true });
    await patchApp(t.ctx, owner, SYSTEM, app.row.id, { disabled: false });
    expect(await grantsOf(t, app.clientId)).toEqual([]);
    await expectInvalidGrant(client.refreshTokenGrant(rp, tokens.refresh_token!));
    await expect(client.fetchUserInfo(rp, tokens.access_token, sub)).rejects.toBeDefined();

    // The same through the school's switch (off, then on again).
    const again = await exchange(rp, await signIn(t.base, app, rp, login, OFFLINE));
    await switchForSchool(t.ctx, school.id, SYSTEM, app.row.id, false);
    await switchForSchool(t.ctx, school.id, SYSTEM, app.row.id, true);
    await expectInvalidGrant(client.refreshTokenGrant(rp, again.refresh_token!));
  });

  it('asking consent from now on ends the sign-ins made without it: everyone is asked', async () => {
    const { school, login, app, rp } = await studentAndApp(t);
    const browser = new Browser(t.base);
    const tokens = await exchange(
      rp,
      await signIn(t.base, app, rp, login, { ...OFFLINE, browser }),
    );
    const owner = { kind: 'school', iid: school.id } as const;
    // A change that does not start asking ends nothing.
    await patchApp(t.ctx, owner, SYSTEM, app.row.id, { name: 'Anders', requiresConsent: false });
    expect(await grantsOf(t, app.clientId)).toHaveLength(1);
    await patchApp(t.ctx, owner, SYSTEM, app.row.id, { requiresConsent: true });
    expect(await grantsOf(t, app.clientId)).toEqual([]);
    await expectInvalidGrant(client.refreshTokenGrant(rp, tokens.refresh_token!));
    // The same browser (its provider session) signs in again: the consent page, not the app.
    const again = await signIn(t.base, app, rp, login, { browser });
    expect(again.back.url).toContain('/oidc/interaction/');
    expect(await again.back.response.text()).toContain('data-test="consent-allow"');
  });

  it("a school switching a platform app off ends its own people's sign-ins only", async () => {
    const [one, two] = [await createInstitution(t.ctx), await createInstitution(t.ctx)];
    const app = await createOidcApp(t.ctx, { institutionId: null });
    for (const s of [one, two]) await switchForSchool(t.ctx, s.id, SYSTEM, app.row.id, true);
    const rp = await relyingParty(t.base, app);
    const tokens = [];
    for (const s of [one, two]) {
      const { username } = await studentWithAccount(t.ctx, s.id, {}, { password: 'kip123' });
      const login = { username, password: 'kip123' };
      tokens.push(await exchange(rp, await signIn(t.base, app, rp, login, OFFLINE)));
    }
    await switchForSchool(t.ctx, one.id, SYSTEM, app.row.id, false);
    await switchForSchool(t.ctx, one.id, SYSTEM, app.row.id, true);
    await expectInvalidGrant(client.refreshTokenGrant(rp, tokens[0]!.refresh_token!));
    expect((await client.refreshTokenGrant(rp, tokens[1]!.refresh_token!)).access_token).toEqual(
      expect.any(String),
    );
  });

  it('an inactive student (enrolment ended) cannot sign in to an app', async () => {
    const { login, app, rp } = await studentAndApp(t, {}, { enrolled_until: '2020-06-30' });
    await expect(signIn(t.base, app, rp, login)).rejects.toThrow('portal login 401');
  });
});
