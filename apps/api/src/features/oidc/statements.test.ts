import { describe, expect, it } from '@jest/globals';
import {
  installStatementCounter,
  resetStatements,
  statementsSent,
} from '../../test/statement-counter.js';
import {
  Browser,
  client,
  createOidcTestApp,
  startFlow,
  studentAndApp,
} from '../../test/oidc-support.js';
import { createAdmin } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import { activeCoAccount } from '../../test/portal-factories.js';
import { createSession } from '../auth/index.js';
import { portalLogin } from '../portal/index.js';
import { portalAccount, rememberPortalLogin } from './portal-account.js';
import { findPerson } from './people.js';
import { withRequestMemo } from './request-memo.js';

// What an app sign-in costs the database (issue #15): the whole code flow of a public app with
// PKCE, for a student (or a parent) without a portal cookie, four HTTP requests as the web app and
// a relying party drive them, each counted in SQL statements against a plain portal login. A
// change that adds a statement to a hop fails here: the counts are the budget, lower them when
// you can.

installStatementCounter();
const t = appForFile(createOidcTestApp);

/** The statements `request` sends (reset before, read once its answer is complete). */
async function counted<T>(request: () => Promise<T>): Promise<{ answer: T; sql: string[] }> {
  resetStatements();
  const answer = await request();
  return { answer, sql: statementsSent() };
}

/** A plain portal login (POST /api/v1/portal/login): what every sign-in costs at least. */
const PORTAL_LOGIN = 12;

/** Each hop's count as expected; a failure lists the statements of every hop. */
function expectStatements(
  hops: Record<string, { sql: string[] }>,
  expected: Record<string, number>,
) {
  const counts = Object.fromEntries(Object.entries(hops).map(([k, v]) => [k, v.sql.length]));
  try {
    expect(counts).toEqual(expected);
  } catch (err) {
    const listing = Object.entries(hops)
      .map(([k, v]) => `${k} (${v.sql.length}):\n  ${v.sql.join('\n  ')}`)
      .join('\n');
    (err as Error).message += `\n\n${listing}`;
    throw err;
  }
}

/** A school's app for students and parents, a student with an active parent co-account. */
async function family() {
  const s = await studentAndApp(t, { forParents: true }, { parent_emails: ['ouder@example.be'] });
  await activeCoAccount(t.ctx, s.student, 1, 'ouder-wachtwoord-lang');
  return { ...s, parent: { username: s.username, password: 'ouder-wachtwoord-lang' } };
}

/** A family, a portal login by its student or parent, and who that portal cookie signs in. */
async function portalCookie(who: 'login' | 'parent', ip: string) {
  const s = await family();
  const { token } = await portalLogin(t.ctx, s[who], { ip, deviceCookie: undefined });
  return { s, ask: () => withRequestMemo(() => portalAccount(t.ctx, token)) };
}

/** The four requests of one sign-in by `login`, each with the statements it sent. */
async function signInCounted(
  s: Awaited<ReturnType<typeof family>>,
  login: { username: string; password: string },
) {
  const { app, rp } = s;
  const browser = new Browser(t.base);
  const flow = await startFlow(rp, app.redirectUri);
  const auth = await counted(() => browser.request(flow.url));
  expect(auth.answer.status).toBe(303);
  const uid = new URL(auth.answer.headers.get('location')!, t.base).searchParams.get('app')!;

  const inside = await counted(() => browser.interactionLogin(uid, login));
  expect(inside.answer.status).toBe(200);
  const { continueTo } = (await inside.answer.json()) as { continueTo: string };

  const resume = await counted(() => browser.request(continueTo));
  expect(resume.answer.status).toBe(303);
  const back = resume.answer.headers.get('location')!;
  expect(back.startsWith(app.redirectUri)).toBe(true);

  const token = await counted(() =>
    client.authorizationCodeGrant(rp, new URL(back), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    }),
  );
  expect(token.answer.access_token).toBeDefined();
  return { auth, inside, resume, token };
}

describe('statements per sign-in', () => {
  it('a student: the portal login and a few statements more', async () => {
    const s = await family();
    const portal = await counted(() => new Browser(t.base).portalLogin(s.login));
    expect(portal.answer.status).toBe(200);
    expectStatements(
      { portal, ...(await signInCounted(s, s.login)) },
      { portal: PORTAL_LOGIN, auth: 2, inside: PORTAL_LOGIN + 3, resume: 7, token: 5 },
    );
  });

  it('a parent: the same, and their co-account read where the person is read', async () => {
    const s = await family();
    const portal = await counted(() => new Browser(t.base).portalLogin(s.parent));
    expect(portal.answer.status).toBe(200);
    expectStatements(
      { portal, ...(await signInCounted(s, s.parent)) },
      { portal: PORTAL_LOGIN, auth: 2, inside: PORTAL_LOGIN + 3, resume: 7, token: 6 },
    );
  });

  it('the login inside the interaction continues with what it read: what a read finds after it', async () => {
    const s = await family();
    for (const login of [s.login, s.parent]) {
      const { token, signedIn } = await portalLogin(t.ctx, login, {
        ip: '10.1.2.3',
        deviceCookie: undefined,
      });
      const ask = async () => {
        const account = await portalAccount(t.ctx, token);
        return { account, person: account && (await findPerson(t.ctx, account.accountId)) };
      };
      resetStatements();
      const remembered = await withRequestMemo(() => {
        rememberPortalLogin(token, signedIn);
        return ask();
      });
      expect(statementsSent()).toEqual([]);
      const read = await withRequestMemo(ask);
      // The portal session read with its person, in one statement.
      expect(statementsSent()).toHaveLength(1);
      expect(read.person).toBeDefined();
      expect(remembered).toEqual(read);
      // ... the person as findPerson reads them on their own.
      const alone = await withRequestMemo(() => findPerson(t.ctx, read.account!.accountId));
      expect(statementsSent().length).toBeGreaterThan(1);
      expect(read.person).toEqual(alone);
    }
  });

  it('a portal cookie that ended, or that is not a portal session, signs no one in', async () => {
    const { s, ask } = await portalCookie('login', '10.1.2.4');
    expect(await ask()).toBeDefined();
    // Blocked: the session stays, its person may not sign in.
    await t.db
      .updateTable('accounts')
      .set({ blocked_at: t.ctx.now() })
      .where('student_id', '=', s.student.id)
      .execute();
    expect(await ask()).toBeUndefined();
    await t.db
      .updateTable('accounts')
      .set({ blocked_at: null })
      .where('student_id', '=', s.student.id)
      .execute();
    expect(await ask()).toBeDefined();
    // Idle for longer than a portal session may be: ended, and deleted.
    t.clock.advance(61 * 60_000);
    expect(await ask()).toBeUndefined();
    expect(
      await t.db
        .selectFrom('sessions')
        .select('id')
        .where('student_id', '=', s.student.id)
        .execute(),
    ).toHaveLength(0);
    expect(await withRequestMemo(() => portalAccount(t.ctx, 'x'.repeat(43)))).toBeUndefined();
    // An admin's session is no portal session, whoever it names.
    const admin = await createAdmin(t.ctx, { institutionId: s.student.institution_id });
    const { token: adminToken } = await createSession(t.ctx, 'admin', {
      adminUserId: admin.id,
      studentId: s.student.id,
    });
    expect(await withRequestMemo(() => portalAccount(t.ctx, adminToken))).toBeUndefined();
  });

  it("a parent's portal cookie signs no one in once the co-account is no longer active", async () => {
    const { s, ask } = await portalCookie('parent', '10.1.2.5');
    expect((await ask())?.accountId).toBe(`p.${s.student.id}.1`);
    // Revoking deletes the co-account's sessions too; here only its state changes, and the
    // session read with its person still refuses it.
    await t.db
      .updateTable('co_accounts')
      .set({ state: 'revoked' })
      .where('student_id', '=', s.student.id)
      .execute();
    expect(await ask()).toBeUndefined();
  });

  it("a parent's portal cookie signs no one in on a slot past the school's number of co-accounts", async () => {
    const { s, ask } = await portalCookie('parent', '10.1.2.6');
    expect((await ask())?.accountId).toBe(`p.${s.student.id}.1`);
    const slots = (n: number) =>
      t.db
        .updateTable('institutions')
        .set({ co_account_slots: n })
        .where('id', '=', s.student.institution_id)
        .execute();
    await slots(0);
    try {
      expect(await ask()).toBeUndefined();
    } finally {
      await slots(2);
    }
  });
});
