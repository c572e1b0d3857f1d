import { describe, expect, it } from '@jest/globals';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { countRows, createInstitution } from '../../test/factories.js';
import { rotateSigningKeys } from './keys.js';
import {
  Browser,
  client,
  createOidcApp,
  createOidcTestApp,
  exchange,
  signIn,
  SINT_JOZEF,
  startFlow,
  studentAndApp,
  ZOE,
} from '../../test/oidc-support.js';
import { appForFile } from '../../test/per-file.js';

// The provider itself: discovery, keys and their rotation, one sign-in walked through step by
// step, bad authorization requests. Tokens: oidc-tokens.test.ts; who may sign in:
// oidc-refusals.test.ts; consent: consent.test.ts.

const t = appForFile(createOidcTestApp);

describe('discovery and keys', () => {
  it('publishes the configuration under the issuer, code flow with S256 only', async () => {
    const res = await fetch(`${t.base}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(t.base);
    expect(doc.authorization_endpoint).toBe(`${t.base}/oidc/auth`);
    expect(doc.token_endpoint).toBe(`${t.base}/oidc/token`);
    expect(doc.jwks_uri).toBe(`${t.base}/oidc/jwks`);
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
    const res = await fetch(`${t.base}/oidc/jwks`);
    const { keys } = (await res.json()) as {
      keys: Array<Record<string, unknown>>;
    };
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
    const { school, student, username, login, app, rp } = await studentAndApp(
      t,
      {},
      ZOE,
      SINT_JOZEF,
    );
    const flow = await startFlow(rp, app.redirectUri);
    const browser = new Browser(t.base);

    const first = await browser.follow(flow.url);
    expect(first.url).toMatch(/\/aanmelden\?app=/);
    expect((await browser.portalLogin(login)).status).toBe(200);
    const interaction = new URL(first.url).searchParams.get('app')!;
    const back = await browser.follow(`/oidc/interaction/${interaction}`);
    expect(back.url.startsWith(app.redirectUri)).toBe(true);

    const tokens = await exchange(rp, { flow, back });
    const jwks = createRemoteJWKSet(new URL(`${t.base}/oidc/jwks`));
    const { payload } = await jwtVerify(tokens.id_token!, jwks, {
      issuer: t.base,
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

describe('bad requests', () => {
  it('no PKCE, an unknown client, a wrong redirect URI: errors as the specs say, nothing stored', async () => {
    const school = await createInstitution(t.ctx);
    const app = await createOidcApp(t.ctx, { institutionId: school.id });
    const before = await countRows(t, 'oidc_models');
    const q = (p: Record<string, string>) =>
      `${t.base}/oidc/auth?${new URLSearchParams({ response_type: 'code', scope: 'openid', state: 'st', ...p })}`;
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
      {
        client_id: app.clientId,
        redirect_uri: `${app.redirectUri}/x`,
        ...challenge,
      },
      {
        client_id: app.clientId,
        redirect_uri: app.redirectUri.toUpperCase(),
        ...challenge,
      },
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
    expect(await countRows(t, 'oidc_models')).toBe(before);
  });

  it('an expired interaction gets a clear page', async () => {
    const res = await fetch(`${t.base}/oidc/interaction/abcdefghijklmnopqrstu`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('De aanmelding duurde te lang');
  });
});

describe('history and last login', () => {
  it('an app sign-in is a login and an app_login event naming the app', async () => {
    const { student, login, app, rp } = await studentAndApp(t, {
      name: 'Bingel',
    });
    await exchange(rp, await signIn(t.base, app, rp, login));
    const events = await t.db
      .selectFrom('account_events')
      .select(['kind', 'detail'])
      .where('student_id', '=', student.id)
      .where('kind', '=', 'app_login')
      .execute();
    expect(events).toEqual([
      {
        kind: 'app_login',
        detail: expect.objectContaining({
          app: 'Bingel',
          clientId: app.clientId,
          role: 'student',
        }),
      },
    ]);
  });
});

const publishedKeys = async () =>
  (
    (await (await fetch(`${t.base}/oidc/jwks`)).json()) as {
      keys: Array<{ kid: string }>;
    }
  ).keys;

describe('key rotation', () => {
  it('the next key signs after a rotation; the old one stays published', async () => {
    const jwksBefore = await publishedKeys();
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
    const jwksAfter = await publishedKeys();
    expect(jwksAfter).toHaveLength(3);
    expect(jwksAfter.map((k) => k.kid)).toEqual(expect.arrayContaining([current!.kid, next!.kid]));

    const { login, app, rp } = await studentAndApp(t);
    const tokens = await exchange(rp, await signIn(t.base, app, rp, login));
    const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString());
    expect(header.kid).toBe(next!.kid);
  });
});
