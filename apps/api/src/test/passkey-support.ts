import { expect } from '@jest/globals';
import type supertest from 'supertest';
import { appWithSchool } from './per-file.js';
import { adminSignedIn, confirmPassword, passwordStep as login } from './second-factor-support.js';
import { SoftAuthenticator } from './webauthn-authenticator.js';

// Passkey tests' world: the school, admins with a passkey on a software authenticator, a login
// waiting for its passkey, and the refusals.

export const RP = { origin: 'http://schoolloket.test', rpId: 'schoolloket.test' };

export const expectRefused = (res: supertest.Response, code = 'passkey_refused') => {
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  expect(res.body.code).toBe(code);
};

/** Starts the app and its school for the file (beforeAll/afterAll). */
export function passkeySchool() {
  const { t, school } = appWithSchool();

  /** A fresh admin with one passkey on `auth` (the password confirmed first); a logged-in agent. */
  async function adminWithPasskey(auth = new SoftAuthenticator(RP)) {
    const { admin, agent } = await adminSignedIn(t, { institutionId: school.id });
    await confirmPassword(agent);
    const options = await agent.post('/api/v1/me/security/passkeys/options');
    expect(options.status).toBe(200);
    expect(options.body.rp).toEqual({ id: 'schoolloket.test', name: 'Schoolloket' });
    const res = await agent
      .post('/api/v1/me/security/passkeys')
      .send({ name: 'Laptop', credential: auth.register(options.body) });
    expect(res.status).toBe(201);
    return { admin, agent, auth, passkeyId: res.body.id as string };
  }

  /** Password, then the passkey's options for the pending login. */
  async function pendingLogin(email: string) {
    const agent = t.request();
    const first = await login(agent, email);
    expect(first.status).toBe(202);
    const options = await agent.post('/api/v1/auth/login/passkey/options');
    expect(options.status).toBe(200);
    return { agent, options: options.body as { challenge: string } };
  }

  const passkeyRow = (id: string) =>
    t.db.selectFrom('admin_passkeys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  return { t, school, adminWithPasskey, pendingLogin, passkeyRow };
}
