import { describe, expect, it } from '@jest/globals';
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

describe('a challenge that is not base64url', () => {
  it('is a refused passkey on the login after the password, and counts', async () => {
    const { admin, auth } = await adminWithPasskey();
    for (const challenge of GARBAGE) {
      const { agent } = await pendingLogin(admin.email);
      const before = await failures(admin.email);
      const res = await agent
        .post('/api/v1/auth/login/passkey')
        .send({ credential: auth.assert({ challenge }) });
      expect([JSON.stringify(challenge), res.status]).toEqual([JSON.stringify(challenge), 401]);
      expectRefused(res);
      expect(await failures(admin.email)).toBe(before + 1);
    }
  });

  it('is a refused passkey on the passwordless login, and counts', async () => {
    const { admin, auth } = await adminWithPasskey();
    for (const challenge of GARBAGE) {
      const agent = t.request();
      expect((await agent.post('/api/v1/auth/login/passwordless/options')).status).toBe(200);
      const before = await failures(admin.email);
      const res = await agent
        .post('/api/v1/auth/login/passwordless')
        .send({ credential: auth.assert({ challenge }) });
      expect([JSON.stringify(challenge), res.status]).toEqual([JSON.stringify(challenge), 401]);
      expectRefused(res);
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
      expect([JSON.stringify(challenge), up.status]).toEqual([JSON.stringify(challenge), 401]);
      expectRefused(up);
      const options = (await agent.post('/api/v1/me/security/passkeys/options')).body;
      const reg = await agent
        .post('/api/v1/me/security/passkeys')
        .send({ name: 'Sleutel', credential: fresh.register({ ...options, challenge }) });
      expect([JSON.stringify(challenge), reg.status]).toEqual([JSON.stringify(challenge), 401]);
      expectRefused(reg);
    }
    expect((await agent.get('/api/v1/me/security/passkeys')).body.items).toHaveLength(1);
  });
});
