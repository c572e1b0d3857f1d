import { describe, expect, it } from '@jest/globals';
import { activeCoAccount } from '../../test/portal-factories.js';
import {
  client,
  createOidcApp,
  createOidcTestApp,
  exchange,
  expectInvalidGrant,
  OFFLINE,
  OWN_ADVANCED,
  relyingParty,
  signIn,
  studentAndApp,
  subjectOf,
} from '../../test/oidc-support.js';
import { appForFile } from '../../test/per-file.js';

// What a signed-in app holds: codes, access and refresh tokens, subjects and claims.

const t = appForFile(createOidcTestApp);

describe('tokens', () => {
  it('refresh tokens only with offline_access, rotated on use; a replayed one is refused', async () => {
    const { login, app, rp } = await studentAndApp(t);

    const plain = await exchange(rp, await signIn(t.base, app, rp, login));
    expect(plain.refresh_token).toBeUndefined();

    const offline = await exchange(rp, await signIn(t.base, app, rp, login, OFFLINE));
    expect(offline.refresh_token).toBeDefined();
    const second = await client.refreshTokenGrant(rp, offline.refresh_token!);
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(offline.refresh_token);
    expect(second.access_token).not.toBe(offline.access_token);
    // The old one again: refused, and the grant it belonged to is revoked (reuse detection).
    await expectInvalidGrant(client.refreshTokenGrant(rp, offline.refresh_token!));
    await expectInvalidGrant(client.refreshTokenGrant(rp, second.refresh_token!));
  });

  it('revocation ends an access token', async () => {
    const { login, app, rp } = await studentAndApp(t, { confidential: true });
    const tokens = await exchange(rp, await signIn(t.base, app, rp, login));
    const sub = subjectOf(tokens);
    await client.fetchUserInfo(rp, tokens.access_token, sub);
    await client.tokenRevocation(rp, tokens.access_token);
    await expect(client.fetchUserInfo(rp, tokens.access_token, sub)).rejects.toBeDefined();
  });

  it('a confidential app with a wrong secret gets invalid_client', async () => {
    const { login, app, rp } = await studentAndApp(t, { confidential: true });
    const s = await signIn(t.base, app, rp, login);
    const wrong = await relyingParty(t.base, {
      clientId: app.clientId,
      secret: 'x'.repeat(43),
    });
    const error = await exchange(wrong, s).then(
      () => undefined,
      (e: unknown) =>
        e as {
          response?: Response;
          cause?: Array<{ parameters: { error?: string } }>;
        },
    );
    expect(error?.response?.status).toBe(401);
    expect(error?.cause?.[0]?.parameters.error).toBe('invalid_client');
    // The client is authenticated before its code is looked up: the refused request used up
    // nothing, and the app's own exchange of that code succeeds.
    expect((await exchange(rp, s)).access_token).toEqual(expect.any(String));
  });

  it('a replayed code is refused and revokes the tokens issued for it', async () => {
    const { login, app, rp } = await studentAndApp(t);
    const s = await signIn(t.base, app, rp, login);
    const tokens = await exchange(rp, s);
    const sub = subjectOf(tokens);
    await expectInvalidGrant(exchange(rp, s));
    await expect(client.fetchUserInfo(rp, tokens.access_token, sub)).rejects.toBeDefined();
  });

  it('one code exchanged twice at once: one answer, the other invalid_grant, and both revoked', async () => {
    const { login, app, rp } = await studentAndApp(t);
    for (let round = 0; round < 3; round++) {
      const s = await signIn(t.base, app, rp, login);
      const results = await Promise.allSettled([exchange(rp, s), exchange(rp, s)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost[0]?.reason).toMatchObject({ error: 'invalid_grant' });
      // The code was used twice: whatever it gave is revoked (RFC 6749 4.1.2).
      const tokens = (won[0] as PromiseFulfilledResult<client.TokenEndpointResponse>).value;
      await expect(
        client.fetchUserInfo(rp, tokens.access_token, subjectOf(tokens)),
      ).rejects.toBeDefined();
    }
  });

  it('a code exchange that fails (verifier, redirect URI, client) leaves the code usable; a replay only revokes when it matches', async () => {
    const { school, login, app, rp } = await studentAndApp(t);
    const other = await createOidcApp(t.ctx, { institutionId: school.id });
    const s = await signIn(t.base, app, rp, login);
    const code = new URL(s.back.url).searchParams.get('code')!;
    const post = (fields: Record<string, string>) =>
      fetch(`${t.base}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: app.redirectUri,
          code_verifier: s.flow.verifier,
          client_id: app.clientId,
          ...fields,
        }),
      });
    const wrongVerifier = { code_verifier: client.randomPKCECodeVerifier() };
    // Someone who saw the code but has not its verifier (or sends it as another app, or to
    // another address) is refused, and does not use the code up: the app still can.
    const wrongs: Array<Record<string, string>> = [
      wrongVerifier,
      { redirect_uri: `${app.redirectUri}/elders` },
      { redirect_uri: `${app.redirectUri}\0` },
      { client_id: other.clientId, redirect_uri: other.redirectUri },
    ];
    for (const wrong of wrongs) {
      const res = await post(wrong);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
    }
    const tokens = await exchange(rp, s);
    const sub = subjectOf(tokens);
    await client.fetchUserInfo(rp, tokens.access_token, sub);
    // Nor can they revoke what the code gave: only the exchange the code was issued for counts
    // as its replay.
    expect((await post(wrongVerifier)).status).toBe(400);
    await client.fetchUserInfo(rp, tokens.access_token, sub);
    expect(await (await post({})).json()).toMatchObject({ error: 'invalid_grant' });
    await expect(client.fetchUserInfo(rp, tokens.access_token, sub)).rejects.toBeDefined();
  });

  it('one refresh token used twice at once: one rotation, the other invalid_grant, grant revoked', async () => {
    const { login, app, rp } = await studentAndApp(t);
    const offline = await exchange(rp, await signIn(t.base, app, rp, login, OFFLINE));
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
    await expectInvalidGrant(client.refreshTokenGrant(rp, rotated.refresh_token!));
  });
});

describe('subjects and claims', () => {
  it('pairwise subjects: stable per app, different across apps; public only when marked', async () => {
    const { school, student, login, app: a, rp: rpA } = await studentAndApp(t);
    const b = await createOidcApp(t.ctx, { institutionId: school.id });
    const p = await createOidcApp(t.ctx, {
      institutionId: school.id,
      subjectType: 'public',
    });
    const rpB = await relyingParty(t.base, b);
    const rpP = await relyingParty(t.base, p);
    const a1 = subjectOf(await exchange(rpA, await signIn(t.base, a, rpA, login)));
    const a2 = subjectOf(await exchange(rpA, await signIn(t.base, a, rpA, login)));
    const b1 = subjectOf(await exchange(rpB, await signIn(t.base, b, rpB, login)));
    const p1 = subjectOf(await exchange(rpP, await signIn(t.base, p, rpP, login)));
    expect(a1).toBe(a2);
    expect(a1).not.toBe(b1);
    expect(p1).toBe(`s.${student.id}`);
  });

  it('claims follow the scopes; an advanced student with an e-mail gets it unverified', async () => {
    const { login, app, rp } = await studentAndApp(
      t,
      {},
      {},
      { ...OWN_ADVANCED, email: 'lien@example.be' },
    );
    const only = await exchange(rp, await signIn(t.base, app, rp, login, { scope: 'openid' }));
    const sub = subjectOf(only);
    expect(Object.keys(await client.fetchUserInfo(rp, only.access_token, sub))).toEqual(['sub']);
    const mail = await exchange(
      rp,
      await signIn(t.base, app, rp, login, { scope: 'openid email' }),
    );
    expect(await client.fetchUserInfo(rp, mail.access_token, sub)).toEqual({
      sub,
      email: 'lien@example.be',
      email_verified: false,
    });
  });

  it("a parent signs in with the child's username: role parent and the child's subject", async () => {
    const { student, username, login, app, rp } = await studentAndApp(
      t,
      { forParents: true },
      { first_name: 'Noor', parent_emails: ['mama@example.be'] },
    );
    await activeCoAccount(t.ctx, student, 1, 'Ouder-Wachtwoord-2024');
    const parentLogin = { username, password: 'Ouder-Wachtwoord-2024' };
    const parent = await exchange(rp, await signIn(t.base, app, rp, parentLogin));
    const child = await exchange(rp, await signIn(t.base, app, rp, login));
    const parentSub = subjectOf(parent);
    const childSub = subjectOf(child);
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
