import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { TestApp } from '../../test/harness.js';
import { createInstitution } from '../../test/factories.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';
import { sql } from 'kysely';
import { newPassword, setBlocked } from '../accounts/account.js';
import { rotateSigningKeys } from './keys.js';
import { patch as patchApp, switchForSchool } from '../apps/service.js';

const SYSTEM = { kind: 'system', id: null, name: 'test' } as const;
import {
  Browser,
  client,
  createOidcApp,
  createOidcTestApp,
  exchange,
  relyingParty,
  signIn as signInAt,
  startFlow,
} from '../../test/oidc-support.js';

let t: TestApp & { base: string };
let base: string;
let ISSUER: string;

beforeAll(async () => {
  t = await createOidcTestApp();
  base = t.base;
  ISSUER = base;
});
afterAll(() => t.close());

describe('discovery and keys', () => {
  it('publishes the configuration under the issuer, code flow with S256 only', async () => {
    const res = await fetch(`${base}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(ISSUER);
    expect(doc.authorization_endpoint).toBe(`${ISSUER}/oidc/auth`);
    expect(doc.token_endpoint).toBe(`${ISSUER}/oidc/token`);
    expect(doc.jwks_uri).toBe(`${ISSUER}/oidc/jwks`);
    expect(doc.response_types_supported).toEqual(['code']);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.grant_types_supported).toEqual(
      expect.not.arrayContaining(['implicit', 'password', 'client_credentials']),
    );
    expect(doc.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', 'school', 'offline_access']),
    );
    expect(doc.subject_types_supported).toEqual(expect.arrayContaining(['pairwise', 'public']));
  });

  it('publishes public keys only: the signing key and the next one', async () => {
    const res = await fetch(`${base}/oidc/jwks`);
    const { keys } = (await res.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys).toHaveLength(2);
    for (const k of keys) {
      expect(k.kty).toBe('RSA');
      expect(k).not.toHaveProperty('d');
      expect(k).not.toHaveProperty('p');
    }
    const stored = await t.db.selectFrom('oidc_keys').selectAll().execute();
    expect(stored.map((k) => k.state).sort()).toEqual(['current', 'next']);
    for (const k of stored) expect(k.sealed_jwk).not.toContain('"d"');
  });
});

describe('code + PKCE flow', () => {
  it('signs a student in: ID token verified against the JWKS, userinfo with the claims', async () => {
    const school = await createInstitution(t.ctx, { name: 'Sint-Jozef' });
    const { student, username } = await studentWithAccount(
      t.ctx,
      school.id,
      { first_name: 'Zoë', last_name: 'Peeters', group_name: '3A' },
      { password: 'zal659' },
    );
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(base, app);
    const flow = await startFlow(rp, app.redirectUri);
    const browser = new Browser(base);

    const first = await browser.follow(flow.url);
    expect(first.url).toMatch(/\/aanmelden\?app=/);
    expect((await browser.portalLogin({ username, password: 'zal659' })).status).toBe(200);
    const interaction = new URL(first.url).searchParams.get('app')!;
    const back = await browser.follow(`/oidc/interaction/${interaction}`);
    expect(back.url.startsWith(app.redirectUri)).toBe(true);

    const tokens = await client.authorizationCodeGrant(rp, new URL(back.url), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    const jwks = createRemoteJWKSet(new URL(`${base}/oidc/jwks`));
    const { payload } = await jwtVerify(tokens.id_token!, jwks, {
      issuer: ISSUER,
      audience: app.clientId,
    });
    expect(payload.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(payload.sub).not.toContain(student.id);

    const info = await client.fetchUserInfo(rp, tokens.access_token, payload.sub!);
    expect(info).toMatchObject({
      sub: payload.sub,
      name: 'Zoë Peeters',
      given_name: 'Zoë',
      family_name: 'Peeters',
      preferred_username: username,
      school: { id: school.id, name: 'Sint-Jozef' },
      group: '3A',
      role: 'student',
    });
    expect(info).not.toHaveProperty('email');
  });
});

/** Runs the user's side: authorization request, portal login, back at the app with a code. */
const signIn = (
  app: { redirectUri: string },
  rp: client.Configuration,
  login: Record<string, unknown>,
  opts?: Parameters<typeof signInAt>[4],
) => signInAt(base, app, rp, login, opts);

async function subjectOf(rp: client.Configuration, tokens: client.TokenEndpointResponse) {
  const claims = (tokens as unknown as { claims(): { sub: string } }).claims();
  return claims.sub;
}

describe('tokens', () => {
  it('refresh tokens only with offline_access, rotated on use; a replayed one is refused', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(ISSUER, app);

    const plain = await exchange(rp, await signIn(app, rp, { username, password: 'kip123' }));
    expect(plain.refresh_token).toBeUndefined();

    const offline = await exchange(
      rp,
      await signIn(
        app,
        rp,
        { username, password: 'kip123' },
        {
          scope: 'openid offline_access',
          extra: { prompt: 'consent' },
        },
      ),
    );
    expect(offline.refresh_token).toBeDefined();
    const second = await client.refreshTokenGrant(rp, offline.refresh_token!);
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(offline.refresh_token);
    expect(second.access_token).not.toBe(offline.access_token);
    // The old one again: refused, and the grant it belonged to is revoked (reuse detection).
    await expect(client.refreshTokenGrant(rp, offline.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(client.refreshTokenGrant(rp, second.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('revocation ends an access token', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, { institutionId: school.id, confidential: true });
    const rp = await relyingParty(ISSUER, app);
    const tokens = await exchange(rp, await signIn(app, rp, { username, password: 'kip123' }));
    const sub = await subjectOf(rp, tokens);
    await client.fetchUserInfo(rp, tokens.access_token, sub);
    await client.tokenRevocation(rp, tokens.access_token);
    await expect(client.fetchUserInfo(rp, tokens.access_token, sub)).rejects.toBeDefined();
  });

  it('a confidential app with a wrong secret gets invalid_client', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, { institutionId: school.id, confidential: true });
    const rp = await relyingParty(ISSUER, app);
    const s = await signIn(app, rp, { username, password: 'kip123' });
    const wrong = await relyingParty(ISSUER, { clientId: app.clientId, secret: 'x'.repeat(43) });
    const error = await exchange(wrong, s).then(
      () => undefined,
      (e: unknown) =>
        e as { response?: Response; cause?: Array<{ parameters: { error?: string } }> },
    );
    expect(error?.response?.status).toBe(401);
    expect(error?.cause?.[0]?.parameters.error).toBe('invalid_client');
  });

  it('a replayed code is refused and revokes the tokens issued for it', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(ISSUER, app);
    const s = await signIn(app, rp, { username, password: 'kip123' });
    const tokens = await exchange(rp, s);
    const sub = await subjectOf(rp, tokens);
    await expect(exchange(rp, s)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.fetchUserInfo(rp, tokens.access_token, sub)).rejects.toBeDefined();
  });

  it('one code exchanged twice at once: one answer, the other invalid_grant, and both revoked', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(ISSUER, app);
    for (let round = 0; round < 3; round++) {
      const s = await signIn(app, rp, { username, password: 'kip123' });
      const results = await Promise.allSettled([exchange(rp, s), exchange(rp, s)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost[0]?.reason).toMatchObject({ error: 'invalid_grant' });
      // The code was used twice: whatever it gave is revoked (RFC 6749 4.1.2).
      const tokens = (won[0] as PromiseFulfilledResult<client.TokenEndpointResponse>).value;
      await expect(
        client.fetchUserInfo(rp, tokens.access_token, await subjectOf(rp, tokens)),
      ).rejects.toBeDefined();
    }
  });

  it('one refresh token used twice at once: one rotation, the other invalid_grant, grant revoked', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(ISSUER, app);
    const login = { username, password: 'kip123' };
    const opts = { scope: 'openid offline_access', extra: { prompt: 'consent' } };
    const offline = await exchange(rp, await signIn(app, rp, login, opts));
    const results = await Promise.allSettled([
      client.refreshTokenGrant(rp, offline.refresh_token!),
      client.refreshTokenGrant(rp, offline.refresh_token!),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({
      error: 'invalid_grant',
    });
    const rotated = (won[0] as PromiseFulfilledResult<client.TokenEndpointResponse>).value;
    await expect(client.refreshTokenGrant(rp, rotated.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('subjects and claims', () => {
  it('pairwise subjects: stable per app, different across apps; public only when marked', async () => {
    const school = await createInstitution(t.ctx);
    const { student, username } = await studentWithAccount(
      t.ctx,
      school.id,
      {},
      { password: 'kip123' },
    );
    const a = await createOidcApp(t.ctx, { institutionId: school.id });
    const b = await createOidcApp(t.ctx, { institutionId: school.id });
    const p = await createOidcApp(t.ctx, { institutionId: school.id, subjectType: 'public' });
    const rpA = await relyingParty(ISSUER, a);
    const rpB = await relyingParty(ISSUER, b);
    const rpP = await relyingParty(ISSUER, p);
    const login = { username, password: 'kip123' };
    const a1 = await subjectOf(rpA, await exchange(rpA, await signIn(a, rpA, login)));
    const a2 = await subjectOf(rpA, await exchange(rpA, await signIn(a, rpA, login)));
    const b1 = await subjectOf(rpB, await exchange(rpB, await signIn(b, rpB, login)));
    const p1 = await subjectOf(rpP, await exchange(rpP, await signIn(p, rpP, login)));
    expect(a1).toBe(a2);
    expect(a1).not.toBe(b1);
    expect(p1).toBe(`s.${student.id}`);
  });

  it('claims follow the scopes; an advanced student with an e-mail gets it unverified', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(
      t.ctx,
      school.id,
      {},
      {
        kind: 'own',
        type: 'advanced',
        password: 'Eigen-Wachtwoord-9',
        mustChange: false,
        email: 'lien@example.be',
      },
    );
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(ISSUER, app);
    const login = { username, password: 'Eigen-Wachtwoord-9' };
    const only = await exchange(rp, await signIn(app, rp, login, { scope: 'openid' }));
    const sub = await subjectOf(rp, only);
    expect(Object.keys(await client.fetchUserInfo(rp, only.access_token, sub))).toEqual(['sub']);
    const mail = await exchange(rp, await signIn(app, rp, login, { scope: 'openid email' }));
    expect(await client.fetchUserInfo(rp, mail.access_token, sub)).toEqual({
      sub,
      email: 'lien@example.be',
      email_verified: false,
    });
  });

  it("a parent signs in with the child's username: role parent and the child's subject", async () => {
    const school = await createInstitution(t.ctx);
    const { student, username } = await studentWithAccount(
      t.ctx,
      school.id,
      { first_name: 'Noor', parent_emails: ['mama@example.be'] },
      { password: 'kip123' },
    );
    await activeCoAccount(t.ctx, student, 1, 'Ouder-Wachtwoord-2024');
    const app = await createOidcApp(t.ctx, { institutionId: school.id, forParents: true });
    const rp = await relyingParty(ISSUER, app);
    const parent = await exchange(
      rp,
      await signIn(app, rp, { username, password: 'Ouder-Wachtwoord-2024' }),
    );
    const child = await exchange(rp, await signIn(app, rp, { username, password: 'kip123' }));
    const parentSub = await subjectOf(rp, parent);
    const childSub = await subjectOf(rp, child);
    expect(parentSub).not.toBe(childSub);
    const info = await client.fetchUserInfo(rp, parent.access_token, parentSub);
    expect(info).toMatchObject({
      role: 'parent',
      email: 'mama@example.be',
      email_verified: true,
      child: { sub: childSub, given_name: 'Noor' },
      preferred_username: username,
    });
    expect(info).not.toHaveProperty('name');
  });
});

describe('who may not sign in', () => {
  it('a student of a group the app is not for sees a clear page; the app gets access_denied', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(
      t.ctx,
      school.id,
      { group_name: '2B' },
      { password: 'kip123' },
    );
    const app = await createOidcApp(t.ctx, {
      institutionId: school.id,
      name: 'Rekenrap',
      groups: ['3A'],
    });
    const rp = await relyingParty(ISSUER, app);
    const flow = await startFlow(rp, app.redirectUri);
    const browser = new Browser(base);
    const first = await browser.follow(flow.url);
    await browser.portalLogin({ username, password: 'kip123' });
    const uid = new URL(first.url).searchParams.get('app')!;
    const page = await browser.request(`/oidc/interaction/${uid}`);
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain('Je kan Rekenrap niet gebruiken');
    expect(html).toContain('niet voor jouw klas');
    expect(html).not.toMatch(/@import|https?:\/\/fonts/);
    const aborted = await browser.request(`/oidc/interaction/${uid}/abort`, {
      method: 'POST',
      headers: { origin: base },
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
      const rp = await relyingParty(ISSUER, app);
      const flow = await startFlow(rp, app.redirectUri);
      const browser = new Browser(base);
      const first = await browser.follow(flow.url);
      await browser.portalLogin({ username, password: 'kip123' });
      const uid = new URL(first.url).searchParams.get('app')!;
      expect((await browser.request(`/oidc/interaction/${uid}`)).status).toBe(403);
    }
  });

  it('a student blocked after signing in gets no token and no userinfo', async () => {
    const school = await createInstitution(t.ctx);
    const { student, username } = await studentWithAccount(
      t.ctx,
      school.id,
      {},
      { password: 'kip123' },
    );
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(ISSUER, app);
    const early = await exchange(rp, await signIn(app, rp, { username, password: 'kip123' }));
    const s = await signIn(app, rp, { username, password: 'kip123' });
    await t.db
      .updateTable('accounts')
      .set({ blocked_at: t.clock.now })
      .where('student_id', '=', student.id)
      .execute();
    await expect(exchange(rp, s)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(
      client.fetchUserInfo(rp, early.access_token, await subjectOf(rp, early)),
    ).rejects.toBeDefined();
  });

  it("an admin's new password or a block ends the sessions and revokes the refresh tokens", async () => {
    const school = await createInstitution(t.ctx);
    const { student, username } = await studentWithAccount(
      t.ctx,
      school.id,
      {},
      { password: 'kip123' },
    );
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(ISSUER, app);
    const offline = { scope: 'openid offline_access', extra: { prompt: 'consent' } };
    const tokens = await exchange(
      rp,
      await signIn(app, rp, { username, password: 'kip123' }, offline),
    );
    const held = () =>
      t.db
        .selectFrom('oidc_models')
        .select('model')
        .where(sql<string>`payload->>'accountId'`, '=', `s.${student.id}`)
        .execute();
    expect((await held()).map((r) => r.model)).toEqual(
      expect.arrayContaining(['Session', 'Grant']),
    );
    await newPassword(t.ctx, school.id, student.id, SYSTEM, { passwordKind: 'word' });
    expect(await held()).toEqual([]);
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(
      await t.db.selectFrom('sessions').select('id').where('student_id', '=', student.id).execute(),
    ).toEqual([]);

    const { student: other, username: otherName } = await studentWithAccount(
      t.ctx,
      school.id,
      {},
      { password: 'kip123' },
    );
    const again = await exchange(
      rp,
      await signIn(app, rp, { username: otherName, password: 'kip123' }, offline),
    );
    await setBlocked(t.ctx, school.id, other.id, SYSTEM, true);
    await expect(client.refreshTokenGrant(rp, again.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(
      await t.db
        .selectFrom('oidc_models')
        .select('model')
        .where(sql<string>`payload->>'accountId'`, '=', `s.${other.id}`)
        .execute(),
    ).toEqual([]);
  });

  it('disabling an app and switching it on again does not revive its refresh tokens', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(ISSUER, app);
    const offline = { scope: 'openid offline_access', extra: { prompt: 'consent' } };
    const tokens = await exchange(
      rp,
      await signIn(app, rp, { username, password: 'kip123' }, offline),
    );
    const sub = await subjectOf(rp, tokens);
    const grants = () =>
      t.db
        .selectFrom('oidc_models')
        .select('id')
        .where('model', '=', 'Grant')
        .where(sql<string>`payload->>'clientId'`, '=', app.clientId)
        .execute();
    expect(await grants()).toHaveLength(1);

    const owner = { kind: 'school', iid: school.id } as const;
    await patchApp(t.ctx, owner, SYSTEM, app.row.id, { disabled: true });
    await patchApp(t.ctx, owner, SYSTEM, app.row.id, { disabled: false });
    expect(await grants()).toEqual([]);
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(client.fetchUserInfo(rp, tokens.access_token, sub)).rejects.toBeDefined();

    // The same through the school's switch (off, then on again).
    const again = await exchange(
      rp,
      await signIn(app, rp, { username, password: 'kip123' }, offline),
    );
    await switchForSchool(t.ctx, school.id, SYSTEM, app.row.id, false);
    await switchForSchool(t.ctx, school.id, SYSTEM, app.row.id, true);
    await expect(client.refreshTokenGrant(rp, again.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it("a school switching a platform app off ends its own people's sign-ins only", async () => {
    const [one, two] = [await createInstitution(t.ctx), await createInstitution(t.ctx)];
    const app = await createOidcApp(t.ctx, { institutionId: null });
    for (const s of [one, two]) await switchForSchool(t.ctx, s.id, SYSTEM, app.row.id, true);
    const rp = await relyingParty(ISSUER, app);
    const offline = { scope: 'openid offline_access', extra: { prompt: 'consent' } };
    const tokens = [];
    for (const s of [one, two]) {
      const { username } = await studentWithAccount(t.ctx, s.id, {}, { password: 'kip123' });
      tokens.push(
        await exchange(rp, await signIn(app, rp, { username, password: 'kip123' }, offline)),
      );
    }
    await switchForSchool(t.ctx, one.id, SYSTEM, app.row.id, false);
    await switchForSchool(t.ctx, one.id, SYSTEM, app.row.id, true);
    await expect(client.refreshTokenGrant(rp, tokens[0]!.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await client.refreshTokenGrant(rp, tokens[1]!.refresh_token!)).access_token).toEqual(
      expect.any(String),
    );
  });

  it('an inactive student (enrolment ended) cannot sign in to an app', async () => {
    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(
      t.ctx,
      school.id,
      { enrolled_until: '2020-06-30' },
      { password: 'kip123' },
    );
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(ISSUER, app);
    await expect(signIn(app, rp, { username, password: 'kip123' })).rejects.toThrow(
      'portal login 401',
    );
  });
});

describe('bad requests', () => {
  it('no PKCE, an unknown client, a wrong redirect URI: errors as the specs say, nothing stored', async () => {
    const school = await createInstitution(t.ctx);
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const before = await t.db
      .selectFrom('oidc_models')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const q = (p: Record<string, string>) =>
      `${base}/oidc/auth?${new URLSearchParams({ response_type: 'code', scope: 'openid', state: 'st', ...p })}`;
    // Missing PKCE: back to the (valid) redirect URI with an error.
    const noPkce = await fetch(q({ client_id: app.clientId, redirect_uri: app.redirectUri }), {
      redirect: 'manual',
    });
    expect(noPkce.status).toBe(303);
    const loc = new URL(noPkce.headers.get('location')!);
    expect(loc.origin + loc.pathname).toBe(app.redirectUri);
    expect(loc.searchParams.get('error')).toBe('invalid_request');
    // Unknown client and wrong redirect URI: never redirect, an error page.
    const challenge = {
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    };
    for (const p of [
      { client_id: 'nobody', redirect_uri: app.redirectUri, ...challenge },
      { client_id: app.clientId, redirect_uri: `${app.redirectUri}/x`, ...challenge },
      { client_id: app.clientId, redirect_uri: app.redirectUri.toUpperCase(), ...challenge },
    ]) {
      const res = await fetch(q(p), { redirect: 'manual' });
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toContain('Er ging iets mis');
      expect(body).not.toMatch(/@import|https?:\/\/fonts/);
    }
    // Implicit and plain PKCE are not offered.
    const implicit = await fetch(
      q({
        client_id: app.clientId,
        redirect_uri: app.redirectUri,
        response_type: 'id_token',
        nonce: 'n',
      }),
      { redirect: 'manual' },
    );
    expect(implicit.status).toBe(303);
    expect(
      new URL(implicit.headers.get('location')!).hash +
        new URL(implicit.headers.get('location')!).search,
    ).toMatch(/unsupported_response_type/);
    const after = await t.db
      .selectFrom('oidc_models')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('an expired interaction gets a clear page', async () => {
    const res = await fetch(`${base}/oidc/interaction/abcdefghijklmnopqrstu`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('De aanmelding duurde te lang');
  });
});

describe('history and last login', () => {
  it('an app sign-in is a login and an app_login event naming the app', async () => {
    const school = await createInstitution(t.ctx);
    const { student, username } = await studentWithAccount(
      t.ctx,
      school.id,
      {},
      { password: 'kip123' },
    );
    const app = await createOidcApp(t.ctx, { institutionId: school.id, name: 'Bingel' });
    const rp = await relyingParty(ISSUER, app);
    await exchange(rp, await signIn(app, rp, { username, password: 'kip123' }));
    const events = await t.db
      .selectFrom('account_events')
      .select(['kind', 'detail'])
      .where('student_id', '=', student.id)
      .where('kind', '=', 'app_login')
      .execute();
    expect(events).toEqual([
      {
        kind: 'app_login',
        detail: expect.objectContaining({ app: 'Bingel', clientId: app.clientId, role: 'student' }),
      },
    ]);
  });
});

describe('key rotation', () => {
  it('the next key signs after a rotation; the old one stays published', async () => {
    const jwksBefore = (
      (await (await fetch(`${base}/oidc/jwks`)).json()) as { keys: Array<{ kid: string }> }
    ).keys;
    const [current, next] = await Promise.all(
      ['current', 'next'].map((state) =>
        t.db
          .selectFrom('oidc_keys')
          .select('kid')
          .where('state', '=', state as 'current')
          .executeTakeFirstOrThrow(),
      ),
    );
    expect(jwksBefore.map((k) => k.kid).sort()).toEqual([current!.kid, next!.kid].sort());
    await rotateSigningKeys(t.ctx);
    t.clock.advance(61_000);
    const jwksAfter = (
      (await (await fetch(`${base}/oidc/jwks`)).json()) as { keys: Array<{ kid: string }> }
    ).keys;
    expect(jwksAfter).toHaveLength(3);
    expect(jwksAfter.map((k) => k.kid)).toEqual(expect.arrayContaining([current!.kid, next!.kid]));

    const school = await createInstitution(t.ctx);
    const { username } = await studentWithAccount(t.ctx, school.id, {}, { password: 'kip123' });
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const rp = await relyingParty(ISSUER, app);
    const tokens = await exchange(rp, await signIn(app, rp, { username, password: 'kip123' }));
    const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString());
    expect(header.kid).toBe(next!.kid);
  });
});
