import { describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { adminKey } from '../../platform/throttles/index.js';
import { expectRefused, passkeySchool, RP } from '../../test/passkey-support.js';
import { SoftAuthenticator } from '../../test/webauthn-authenticator.js';

// The challenge inside a WebAuthn answer's clientDataJSON is the stranger's to write: whatever
// it holds (a NUL byte, which PostgreSQL cannot store in text, or any other non-base64url
// character) is a refused passkey (401 `passkey_refused`, counted like one), never a 500, on
// every path that spends a challenge: login after the password, passwordless, step-up and
// registration.

const { t, adminWithPasskey, pendingLogin } = passkeySchool();

const GARBAGE = ['abc\u0000def', '\u0000', 'a+b/c=', 'ab cd', 'é', '\ud800'];

const failures = async (email: string) =>
  (
    await t.db
      .selectFrom('login_throttles')
      .select('failures')
      .where('key', '=', adminKey(email))
      .executeTakeFirst()
  )?.failures ?? 0;

/** The answer with this challenge was a refused passkey (the challenge is named if it was not). */
function expectRefusedWith(challenge: string, res: supertest.Response) {
  expect([JSON.stringify(challenge), res.status]).toEqual([JSON.stringify(challenge), 401]);
  expectRefused(res);
}

// The two logins that answer a challenge: how an agent gets one, and where it sends the answer.
const LOGINS = [
  {
    name: 'the login after the password',
    path: '/api/v1/auth/login/passkey',
    start: async (email: string) => (await pendingLogin(email)).agent,
  },
  {
    name: 'the passwordless login',
    path: '/api/v1/auth/login/passwordless',
    start: async () => {
      const agent = t.request();
      expect((await agent.post('/api/v1/auth/login/passwordless/options')).status).toBe(200);
      return agent;
    },
  },
];

describe('a challenge that is not base64url', () => {
  it.each(LOGINS)('is a refused passkey on $name, and counts', async ({ path, start }) => {
    const { admin, auth } = await adminWithPasskey();
    for (const challenge of GARBAGE) {
      const agent = await start(admin.email);
      const before = await failures(admin.email);
      const res = await agent.post(path).send({ credential: auth.assert({ challenge }) });
      expectRefusedWith(challenge, res);
      expect(await failures(admin.email)).toBe(before + 1);
    }
  });

  it('is a refused passkey on the step-up, and on a registration that stores nothing', async () => {
    const { agent, auth } = await adminWithPasskey();
    const fresh = new SoftAuthenticator(RP);
    for (const challenge of GARBAGE) {
      expect((await agent.post('/api/v1/auth/step-up/passkey/options')).status).toBe(200);
      const up = await agent
        .post('/api/v1/auth/step-up/passkey')
        .send({ credential: auth.assert({ challenge }) });
      expectRefusedWith(challenge, up);
      const options = (await agent.post('/api/v1/me/security/passkeys/options')).body;
      const reg = await agent
        .post('/api/v1/me/security/passkeys')
        .send({ name: 'Sleutel', credential: fresh.register({ ...options, challenge }) });
      expectRefusedWith(challenge, reg);
    }
    expect((await agent.get('/api/v1/me/security/passkeys')).body.items).toHaveLength(1);
  });
});
