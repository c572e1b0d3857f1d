import { createAdmin, TEST_PASSWORD } from '../factories.js';
import { SoftAuthenticator } from '../webauthn-authenticator.js';
import { sentTwice, UNKNOWN, type Case, type World } from './contract-world.js';

// Passkeys: an admin of their own (so the main admin's session is kept) registers one with a
// software authenticator, logs in with it in two steps and passwordless, steps up, renames and
// removes it.

type Agent = ReturnType<World['anon']>;

let auth: SoftAuthenticator;
let owner: Agent;
let pending: Agent;
let passwordless: Agent;
let email: string;
let passkeyId: string;
let challenge: { challenge: string };

const ME = '/api/v1/me/security/passkeys';

/** Asks for passkey options; their challenge is kept for the answer in a later case. */
async function options(agent: Agent, path: string) {
  const res = await agent.post(path);
  challenge = res.body;
  return res;
}

/** Answers the kept challenge with the passkey. */
const assertion = (agent: Agent, path: string) =>
  agent.post(path).send({ credential: auth.assert(challenge) });

export const passkeyCases: Case[] = [
  {
    op: 'startPasskeyRegistration',
    status: 200,
    call: async (w) => {
      const url = new URL(w.t.ctx.config.publicBaseUrl);
      auth = new SoftAuthenticator({ origin: url.origin, rpId: url.hostname });
      const user = await createAdmin(w.t.ctx, { institutionId: w.iid });
      email = user.email;
      owner = w.anon();
      await owner.post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD });
      // A first factor: the password is confirmed first.
      await owner.post('/api/v1/me/security/confirm-password').send({ password: TEST_PASSWORD });
      return options(owner, `${ME}/options`);
    },
  },
  { op: 'startPasskeyRegistration', status: 401, call: (w) => w.anon().post(`${ME}/options`) },
  {
    op: 'registerPasskey',
    status: 400,
    call: () => owner.post(ME).send({ name: 'Laptop\u0000' }),
  },
  {
    op: 'registerPasskey',
    status: 201,
    call: async () => {
      const res = await owner
        .post(ME)
        .send({ name: 'Laptop', credential: auth.register(challenge as never) });
      passkeyId = res.body.id;
      return res;
    },
  },
  { op: 'listOwnPasskeys', status: 200, call: () => owner.get(ME) },
  { op: 'listOwnPasskeys', status: 401, call: (w) => w.anon().get(ME) },
  {
    op: 'renamePasskey',
    status: 200,
    call: () => owner.patch(`${ME}/${passkeyId}`).send({ name: 'Telefoon' }),
  },
  {
    op: 'renamePasskey',
    status: 404,
    call: () => owner.patch(`${ME}/${UNKNOWN}`).send({ name: 'X' }),
  },
  {
    op: 'getPasskeyStepUpOptions',
    status: 200,
    call: () => options(owner, '/api/v1/auth/step-up/passkey/options'),
  },
  {
    op: 'getPasskeyStepUpOptions',
    status: 401,
    call: (w) => w.anon().post('/api/v1/auth/step-up/passkey/options'),
  },
  // The challenge counts once: the same assertion again is refused.
  ...sentTwice('stepUpWithPasskey', [204, 401], () =>
    assertion(owner, '/api/v1/auth/step-up/passkey'),
  ),
  {
    op: 'getPasskeyLoginOptions',
    status: 200,
    call: async (w) => {
      pending = w.anon();
      await pending.post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD });
      return options(pending, '/api/v1/auth/login/passkey/options');
    },
  },
  {
    op: 'getPasskeyLoginOptions',
    status: 401,
    call: (w) => w.anon().post('/api/v1/auth/login/passkey/options'),
  },
  {
    op: 'logInWithPasskey',
    status: 200,
    call: () => assertion(pending, '/api/v1/auth/login/passkey'),
  },
  {
    op: 'logInWithPasskey',
    status: 401,
    call: (w) => assertion(w.anon(), '/api/v1/auth/login/passkey'),
  },
  {
    op: 'getPasswordlessLoginOptions',
    status: 200,
    call: async (w) => {
      passwordless = w.anon();
      return options(passwordless, '/api/v1/auth/login/passwordless/options');
    },
  },
  {
    op: 'getPasswordlessLoginOptions',
    status: 400,
    call: (w) => w.anon().post('/api/v1/auth/login/passwordless/options?x=%00'),
  },
  ...sentTwice('logInPasswordless', [200, 401], () =>
    assertion(passwordless, '/api/v1/auth/login/passwordless'),
  ),
  { op: 'removePasskey', status: 204, call: () => owner.delete(`${ME}/${passkeyId}`) },
  { op: 'removePasskey', status: 401, call: (w) => w.anon().delete(`${ME}/${passkeyId}`) },
];

export const ownSessionCases: Case[] = [
  {
    op: 'listOwnSessions',
    status: 200,
    call: async (w) => {
      // Another browser of the owner: removing the passkey ended the ones before.
      await w.anon().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD });
      const res = await owner.get('/api/v1/me/sessions');
      w.ids.ownSession = res.body.items?.find((s: { current: boolean }) => !s.current)?.id;
      return res;
    },
  },
  { op: 'listOwnSessions', status: 401, call: (w) => w.anon().get('/api/v1/me/sessions') },
  {
    op: 'endOwnSession',
    status: 204,
    call: (w) => owner.delete(`/api/v1/me/sessions/${w.ids.ownSession}`),
  },
  { op: 'endOwnSession', status: 404, call: () => owner.delete('/api/v1/me/sessions/nope') },
];
