import { Browser, createOidcApp, relyingParty, startFlow } from '../oidc-support.js';
import {
  foundOrNot,
  readLink,
  SCHOOL,
  sentTwice,
  signedInOnly,
  UNKNOWN,
  type Case,
  type World,
} from './contract-world.js';

// The student and parent side (portal, pictures, co-account activation), the learning apps of
// a school and of the platform, and the sign-outs last.

const app = {
  name: 'Rekenrally',
  redirectUris: ['https://rekenrally.example.be/callback'],
  audience: 'students',
  clientType: 'confidential',
};

const ACTIVATION = '/api/v1/co-accounts/activation';

/** The CRUD cases of an app list at `base` (a school's or the platform's). */
function appCases(prefix: string, base: (w: World) => string, who: 'admin' | 'platform'): Case[] {
  const one = (w: World) => `${base(w)}/${w.ids[`${prefix}App`]}`;
  const op = (name: string) => (prefix === 'platform' ? name.replace(/App/, 'PlatformApp') : name);
  return [
    ...signedInOnly(op('listApps'), who, base),
    {
      op: op('createApp'),
      status: 201,
      call: async (w) => {
        const res = await w[who].post(base(w)).send(app);
        w.ids[`${prefix}App`] = res.body.id;
        return res;
      },
    },
    { op: op('createApp'), status: 400, call: (w) => w[who].post(base(w)).send({ name: 'x' }) },
    ...foundOrNot(op('getApp'), 200, `${prefix}App`, (w, id) => w[who].get(`${base(w)}/${id}`)),
    {
      op: op('updateApp'),
      status: 200,
      call: (w) => w[who].patch(one(w)).send({ name: 'Rekenrally 2' }),
    },
    {
      op: op('updateApp'),
      status: 404,
      call: (w) => w[who].patch(`${base(w)}/${UNKNOWN}`).send({ name: 'x' }),
    },
    ...foundOrNot(op('rotateAppSecret'), 200, `${prefix}App`, (w, id) =>
      w[who].post(`${base(w)}/${id}/secret`),
    ),
    ...foundOrNot(op('listAppHistory'), 200, `${prefix}App`, (w, id) =>
      w[who].get(`${base(w)}/${id}/history`),
    ),
    ...sentTwice(op('deleteApp'), [204, 404], (w) => w[who].delete(one(w))),
  ];
}

export const portalCases: Case[] = [
  {
    op: 'portalLogIn',
    status: 200,
    call: (w) =>
      w
        .anon()
        .post('/api/v1/portal/login')
        .send({ username: w.ids.coUsername, password: 'zal659' }),
  },
  {
    op: 'portalLogIn',
    status: 401,
    call: (w) =>
      w.anon().post('/api/v1/portal/login').send({ username: w.ids.coUsername, password: 'nee' }),
  },
  ...signedInOnly('getPortalMe', 'portal', '/api/v1/portal/me'),
  ...signedInOnly('getLaunchpad', 'portal', '/api/v1/portal/launchpad'),
  {
    op: 'setPortalEmail',
    status: 200,
    call: (w) => w.portal.put('/api/v1/portal/email').send({ email: 'emma@example.be' }),
  },
  {
    op: 'setPortalEmail',
    status: 400,
    call: (w) => w.portal.put('/api/v1/portal/email').send({ email: 'geen' }),
  },
  {
    op: 'changePortalPassword',
    status: 200,
    call: (w) =>
      w.portal
        .post('/api/v1/portal/password')
        .send({ currentPassword: 'Zomerzon-2024', newPassword: 'Herfstblad-valt-2026' }),
  },
  {
    op: 'changePortalPassword',
    status: 401,
    call: (w) =>
      w.anon().post('/api/v1/portal/password').send({ currentPassword: 'a', newPassword: 'b' }),
  },
  { op: 'listPictures', status: 200, call: (w) => w.anon().get('/api/v1/pictures') },
  { op: 'listPictures', status: 400, call: (w) => w.anon().get('/api/v1/pictures?x=%00') },
  { op: 'getPicture', status: 200, call: (w) => w.anon().get('/api/v1/pictures/butterfly.png') },
  { op: 'getPicture', status: 404, call: (w) => w.anon().get('/api/v1/pictures/dodo.png') },
  {
    op: 'getHelpdeskContact',
    status: 200,
    call: (w) => w.anon().get(`/api/v1/co-accounts/helpdesk?school=${w.iid}`),
  },
  {
    op: 'getHelpdeskContact',
    status: 404,
    call: (w) => w.anon().get(`/api/v1/co-accounts/helpdesk?school=${UNKNOWN}`),
  },
  {
    op: 'requestCoAccountActivation',
    status: 202,
    call: (w) =>
      w
        .anon()
        .post('/api/v1/co-accounts/activation-requests')
        .send({ username: w.ids.username, email: 'ouder@example.be' }),
  },
  {
    op: 'requestCoAccountActivation',
    status: 400,
    call: (w) => w.anon().post('/api/v1/co-accounts/activation-requests').send({}),
  },
  ...readLink('getCoAccountActivation', ACTIVATION, 'activation', (w) =>
    w.linkToken('co-account/activeren'),
  ),
  ...sentTwice('activateCoAccount', [200, 410], (w) =>
    w
      .anon()
      .post(`${ACTIVATION}/${w.ids.activation}`)
      .send({ acceptAgreement: true, password: 'Ouders-sleutel-2026' }),
  ),
  {
    op: 'getAppSignIn',
    status: 200,
    call: async (w) => {
      // A learning app sends the browser here; the portal login page asks which app it is for.
      const rpApp = await createOidcApp(w.t.ctx, { institutionId: w.iid, confidential: true });
      const flow = await startFlow(await relyingParty(w.ids.base!, rpApp), rpApp.redirectUri);
      const landed = await new Browser(w.ids.base!).follow(flow.url);
      const uid = new URL(landed.url).searchParams.get('app');
      return w.anon().get(`/api/v1/portal/app-sign-ins/${uid}`);
    },
  },
  {
    op: 'logInDuringAppSignIn',
    status: 200,
    call: async (w) => {
      // The login page of an app sign-in logs in inside the interaction (its cookie along).
      const rpApp = await createOidcApp(w.t.ctx, { institutionId: w.iid, forParents: true });
      const flow = await startFlow(await relyingParty(w.ids.base!, rpApp), rpApp.redirectUri);
      const browser = new Browser(w.ids.base!);
      const landed = await browser.follow(flow.url);
      const uid = new URL(landed.url).searchParams.get('app');
      return w
        .anon()
        .post(`/oidc/interaction/${uid}/login`)
        .set('cookie', browser.cookieHeader(`/oidc/interaction/${uid}/login`))
        .send({ username: w.ids.coUsername, password: 'zal659' });
    },
  },
  {
    op: 'logInDuringAppSignIn',
    status: 401,
    call: (w) =>
      w
        .anon()
        .post('/oidc/interaction/abcdefghijkl/login')
        .send({ username: w.ids.coUsername, password: 'nee' }),
  },
  {
    op: 'getAppSignIn',
    status: 404,
    call: (w) => w.anon().get('/api/v1/portal/app-sign-ins/abcdefghijkl'),
  },
  ...appCases('school', (w) => `${SCHOOL(w)}/apps`, 'admin'),
  {
    op: 'setAppEnabled',
    status: 200,
    call: async (w) => {
      const created = await w.admin.post(`${SCHOOL(w)}/apps`).send(app);
      w.ids.enabledApp = created.body.id;
      return w.admin.put(`${SCHOOL(w)}/apps/${created.body.id}/enabled`).send({ enabled: false });
    },
  },
  {
    op: 'setAppEnabled',
    status: 400,
    call: (w) => w.admin.put(`${SCHOOL(w)}/apps/${w.ids.enabledApp}/enabled`).send({}),
  },
  ...appCases('platform', () => '/api/v1/platform/apps', 'platform'),
  { op: 'listJobs', status: 200, call: (w) => w.platform.get('/api/v1/platform/jobs') },
  { op: 'listJobs', status: 403, call: (w) => w.admin.get('/api/v1/platform/jobs') },
  { op: 'portalLogOut', status: 400, call: (w) => w.portal.post('/api/v1/portal/logout?x=%00') },
  { op: 'portalLogOut', status: 204, call: (w) => w.portal.post('/api/v1/portal/logout') },
  { op: 'logOut', status: 400, call: (w) => w.admin.post('/api/v1/auth/logout?x=%00') },
  { op: 'logOut', status: 204, call: (w) => w.admin.post('/api/v1/auth/logout') },
];
