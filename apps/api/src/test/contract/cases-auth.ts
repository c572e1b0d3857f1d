import { generate } from 'otplib';
import { createAdmin, createInstitution, TEST_PASSWORD } from '../factories.js';
import {
  BAD_TOKEN,
  readLink,
  sentTwice,
  signedInOnly,
  type Case,
  type World,
} from './contract-world.js';

// Admin sign-in, the second factor and the mailed admin links.

type Agent = ReturnType<World['anon']>;

/** Sends the next code of the authenticator app: each code counts once, so the clock moves a step. */
async function sendCode(w: World, agent: Agent, path: string) {
  w.t.clock.advance(30_000);
  const epoch = Math.floor(w.t.clock.now.getTime() / 1000);
  return agent.post(path).send({ code: await generate({ secret: w.ids.secret!, epoch }) });
}

/** The first step of an admin's sign-in (the password), on `agent`'s cookies. */
const logInOn = (agent: Agent, email: string, password = TEST_PASSWORD) =>
  agent.post('/api/v1/auth/login').send({ email, password });
const login = (w: World, email: string, password = TEST_PASSWORD) =>
  logInOn(w.anon(), email, password);

const CONFIRM_PASSWORD = '/api/v1/me/security/confirm-password';
const PASSWORD_LINKS = '/api/v1/auth/password-links';
const JOIN_LINKS = '/api/v1/auth/join-links';
const setPassword = (w: World, token: string, password: string) =>
  w.anon().post(`${PASSWORD_LINKS}/${token}`).send({ password });

/** A second admin (own session) for the factor cases, so the main admin's session is kept. */
async function factorAdmin(w: World) {
  const user = await createAdmin(w.t.ctx, { institutionId: w.iid });
  const agent = w.anon();
  await logInOn(agent, user.email);
  w.ids.factorEmail = user.email;
  return agent;
}
let factor: Awaited<ReturnType<typeof factorAdmin>>;
let pending: Agent;
let recoveryCode: string;

export const authCases: Case[] = [
  { op: 'getLiveness', status: 200, call: (w) => w.anon().get('/api/health') },
  { op: 'getLiveness', status: 400, call: (w) => w.anon().get('/api/health?x=%00') },
  { op: 'getReadiness', status: 200, call: (w) => w.anon().get('/api/health/ready') },
  { op: 'getReadiness', status: 400, call: (w) => w.anon().get('/api/health/ready?x=%00') },
  { op: 'logIn', status: 200, call: (w) => login(w, w.ids.adminEmail!) },
  { op: 'logIn', status: 401, call: (w) => login(w, w.ids.adminEmail!, 'not the password') },
  { op: 'logIn', status: 400, call: (w) => w.anon().post('/api/v1/auth/login').send({}) },
  ...signedInOnly('getMe', 'admin', '/api/v1/auth/me'),
  {
    // The first factor needs the password confirmed by the session first.
    op: 'startTotpSetup',
    status: 403,
    call: async (w) => {
      factor = await factorAdmin(w);
      return factor.post('/api/v1/me/security/totp');
    },
  },
  {
    op: 'confirmOwnPassword',
    status: 401,
    call: () => factor.post(CONFIRM_PASSWORD).send({ password: 'not the password' }),
  },
  { op: 'confirmOwnPassword', status: 400, call: () => factor.post(CONFIRM_PASSWORD).send({}) },
  {
    op: 'confirmOwnPassword',
    status: 204,
    call: () => factor.post(CONFIRM_PASSWORD).send({ password: TEST_PASSWORD }),
  },
  {
    op: 'startTotpSetup',
    status: 200,
    call: async (w) => {
      const res = await factor.post('/api/v1/me/security/totp');
      w.ids.secret = res.body.secret;
      return res;
    },
  },
  { op: 'startTotpSetup', status: 401, call: (w) => w.anon().post('/api/v1/me/security/totp') },
  {
    op: 'confirmTotpSetup',
    status: 400,
    call: () => factor.post('/api/v1/me/security/totp/confirm').send({ code: 'abc' }),
  },
  {
    op: 'confirmTotpSetup',
    status: 204,
    call: (w) => sendCode(w, factor, '/api/v1/me/security/totp/confirm'),
  },
  { op: 'getOwnSecurity', status: 200, call: () => factor.get('/api/v1/me/security') },
  { op: 'getOwnSecurity', status: 401, call: (w) => w.anon().get('/api/v1/me/security') },
  {
    // Confirming counts as a factor for 15 minutes; past them, removal asks for a step-up.
    op: 'removeTotp',
    status: 403,
    call: (w) => {
      w.t.clock.advance(16 * 60_000);
      return factor.delete('/api/v1/me/security/totp');
    },
  },
  {
    op: 'stepUpWithTotp',
    status: 204,
    call: (w) => sendCode(w, factor, '/api/v1/auth/step-up/totp'),
  },
  {
    op: 'createRecoveryCodes',
    status: 200,
    call: async () => {
      const res = await factor.post('/api/v1/me/security/recovery-codes');
      recoveryCode = res.body.codes?.[0];
      return res;
    },
  },
  {
    op: 'createRecoveryCodes',
    status: 401,
    call: (w) => w.anon().post('/api/v1/me/security/recovery-codes'),
  },
  {
    op: 'stepUpWithTotp',
    status: 401,
    call: (w) => w.anon().post('/api/v1/auth/step-up/totp').send({ code: '123456' }),
  },
  {
    op: 'logIn',
    status: 202,
    call: async (w) => {
      pending = w.anon();
      return logInOn(pending, w.ids.factorEmail!);
    },
  },
  {
    op: 'logInWithTotp',
    status: 200,
    call: (w) => sendCode(w, pending, '/api/v1/auth/login/totp'),
  },
  {
    op: 'logInWithTotp',
    status: 401,
    call: (w) => w.anon().post('/api/v1/auth/login/totp').send({ code: '123456' }),
  },
  {
    op: 'logInWithRecoveryCode',
    status: 200,
    call: async (w) => {
      const agent = w.anon();
      await logInOn(agent, w.ids.factorEmail!);
      return agent.post('/api/v1/auth/login/recovery').send({ code: recoveryCode });
    },
  },
  {
    op: 'logInWithRecoveryCode',
    status: 401,
    call: (w) => w.anon().post('/api/v1/auth/login/recovery').send({ code: 'k7m2-9xq4-h3pw' }),
  },
  { op: 'removeTotp', status: 204, call: () => pending.delete('/api/v1/me/security/totp') },
  { op: 'removeTotp', status: 401, call: (w) => w.anon().delete('/api/v1/me/security/totp') },
  {
    op: 'setUpTotpAtLogin',
    status: 200,
    call: async (w) => {
      const strict = await createInstitution(w.t.ctx, { name: 'Strikte school' });
      await w.t.db
        .updateTable('institutions')
        .set({ require_second_factor: true })
        .where('id', '=', strict.id)
        .execute();
      const user = await createAdmin(w.t.ctx, { institutionId: strict.id });
      pending = w.anon();
      await logInOn(pending, user.email);
      return pending.post('/api/v1/auth/login/totp/setup');
    },
  },
  {
    op: 'setUpTotpAtLogin',
    status: 401,
    call: (w) => w.anon().post('/api/v1/auth/login/totp/setup'),
  },
  {
    op: 'requestPasswordReset',
    status: 202,
    call: async (w) => {
      const user = await createAdmin(w.t.ctx, { institutionId: w.iid });
      return w.anon().post('/api/v1/auth/password-resets').send({ email: user.email });
    },
  },
  {
    op: 'requestPasswordReset',
    status: 400,
    call: (w) => w.anon().post('/api/v1/auth/password-resets').send({}),
  },
  ...readLink('getPasswordLink', PASSWORD_LINKS, 'resetToken', (w) =>
    w.linkToken('beheer/wachtwoord'),
  ),
  {
    op: 'setPasswordThroughLink',
    status: 422,
    call: (w) => setPassword(w, w.ids.resetToken!, 'password'),
  },
  {
    op: 'setPasswordThroughLink',
    status: 204,
    call: (w) => setPassword(w, w.ids.resetToken!, 'Lange-zomeravond-aan-zee-7'),
  },
  {
    op: 'setPasswordThroughLink',
    status: 410,
    call: (w) => setPassword(w, BAD_TOKEN, 'Lange-zomeravond-aan-zee-7'),
  },
  ...readLink('getJoinLink', JOIN_LINKS, 'joinToken', async (w) => {
    const elsewhere = await createInstitution(w.t.ctx, { name: 'Andere school' });
    const other = await createAdmin(w.t.ctx, { institutionId: elsewhere.id });
    const added = await w.admin
      .post(`/api/v1/institutions/${w.iid}/admins`)
      .send({ email: other.email, name: 'Collega', role: 'helpdesk' });
    w.ids.joinedAdmin = added.body.id;
    return w.linkToken('beheer/lidmaatschap');
  }),
  ...sentTwice('acceptJoinLink', [204, 410], (w) =>
    w.anon().post(`${JOIN_LINKS}/${w.ids.joinToken}`),
  ),
];
