import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { createAdmin } from '../../test/factories.js';
import { expectRefused, passkeySchool, RP } from '../../test/passkey-support.js';
import {
  confirmPassword,
  passwordStep as login,
  securityEvents,
} from '../../test/second-factor-support.js';
import { coseEc2, coseRsa, SoftAuthenticator } from '../../test/webauthn-authenticator.js';

// A passkey's public key is checked at registration: one that can never verify a signature (an
// RSA modulus of one byte, the EC point (0,0), a curve that does not fit the algorithm) would
// count as a factor and strand its admin, so it is refused (401 `passkey_refused`) and nothing is
// stored, recorded or mailed. Real ES256 and RS256 keys register and work.

const { t, school } = passkeySchool();

const zeros = (n: number) => new Uint8Array(n);
const b = (b64: string | undefined) => new Uint8Array(Buffer.from(b64 ?? '', 'base64url'));

function rsaJwk(bits: number) {
  return generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' });
}
function ecJwk(curve: string) {
  return generateKeyPairSync('ec', { namedCurve: curve }).publicKey.export({ format: 'jwk' });
}

async function freshAdmin() {
  const admin = await createAdmin(t.ctx, { institutionId: school.id });
  const agent = t.request();
  expect((await login(agent, admin.email)).status).toBe(200);
  // A first factor: the password is confirmed before it, as the dashboard asks.
  await confirmPassword(agent);
  return { admin, agent };
}

async function register(agent: ReturnType<typeof t.request>, auth: SoftAuthenticator) {
  const options = (await agent.post('/api/v1/me/security/passkeys/options')).body;
  return agent.post('/api/v1/me/security/passkeys').send({
    name: 'Sleutel',
    credential: auth.register(options),
  });
}

describe('the public key of a passkey being registered', () => {
  const rsa1024 = rsaJwk(1024);
  const p256 = ecJwk('P-256');
  const p384 = ecJwk('P-384');
  const broken: Array<[string, Uint8Array]> = [
    ['an RSA modulus of one byte', coseRsa(new Uint8Array([5]), new Uint8Array([1, 0, 1]))],
    ['an RSA key of 1024 bits', coseRsa(b(rsa1024.n), b(rsa1024.e))],
    ['an RSA exponent of 1', coseRsa(b(rsaJwk(2048).n), new Uint8Array([1]))],
    ['the EC point (0,0)', coseEc2(1, zeros(32), zeros(32))],
    ['an EC point off the curve', coseEc2(1, b(p256.x), b(p256.x))],
    ['a P-384 point under ES256', coseEc2(2, b(p384.x), b(p384.y))],
    ['a P-256 point cut short', coseEc2(1, b(p256.x).slice(1), b(p256.y))],
    ['an RSA key under ES256', coseRsa(b(rsa1024.n), b(rsa1024.e), -7)],
  ];

  it.each(broken)('refuses %s and stores nothing', async (_, publicKey) => {
    const { admin, agent } = await freshAdmin();
    const res = await register(agent, new SoftAuthenticator({ ...RP, publicKey }));
    expect(res.status).toBe(401);
    expectRefused(res);
    expect((await agent.get('/api/v1/me/security/passkeys')).body.items).toEqual([]);
    const stored = await t.db
      .selectFrom('admin_passkeys')
      .select('id')
      .where('admin_user_id', '=', admin.id)
      .execute();
    expect(stored).toEqual([]);
    expect(await securityEvents(t, admin.id)).toEqual([]);
    // Still a one-step login: no factor was added.
    expect((await login(t.request(), admin.email)).status).toBe(200);
  });

  it('accepts a real RS256 key (RSA 2048) and an ES256 key, which then log in', async () => {
    for (const algorithm of ['RS256', 'ES256'] as const) {
      const { admin, agent } = await freshAdmin();
      const auth = new SoftAuthenticator({ ...RP, algorithm });
      const res = await register(agent, auth);
      expect([algorithm, res.status]).toEqual([algorithm, 201]);
      const pending = t.request();
      expect((await login(pending, admin.email)).status).toBe(202);
      const options = (await pending.post('/api/v1/auth/login/passkey/options')).body;
      const done = await pending
        .post('/api/v1/auth/login/passkey')
        .send({ credential: auth.assert(options) });
      expect([algorithm, done.status]).toEqual([algorithm, 200]);
    }
  });
});
