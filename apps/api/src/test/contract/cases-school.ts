import {
  foundOrNot,
  SCHOOL,
  signedInOnly,
  UNKNOWN,
  type Case,
  type World,
} from './contract-world.js';

// Schools, their admins, their security policies and their API keys.

/** A read-only API key of the school, named `name`. */
const newKey = (w: World, name: string) =>
  w.admin.post(`${SCHOOL(w)}/api-keys`).send({ name, scope: 'read' });

export const schoolCases: Case[] = [
  ...signedInOnly('listInstitutions', 'admin', '/api/v1/institutions'),
  {
    op: 'createInstitution',
    status: 201,
    call: (w) => w.platform.post('/api/v1/institutions').send({ name: 'Nieuwe school' }),
  },
  {
    op: 'createInstitution',
    status: 403,
    call: (w) => w.admin.post('/api/v1/institutions').send({ name: 'Nieuwe school' }),
  },
  ...signedInOnly('getInstitution', 'key', SCHOOL),
  {
    op: 'updateInstitution',
    status: 200,
    call: (w) => w.admin.patch(SCHOOL(w)).send({ helpdeskEmail: 'ict@sint-jozef.example.be' }),
  },
  {
    op: 'updateInstitution',
    status: 400,
    call: (w) => w.admin.patch(SCHOOL(w)).send({ coAccountSlots: 'twee' }),
  },
  ...signedInOnly('listAdmins', 'admin', (w) => `${SCHOOL(w)}/admins`),
  {
    op: 'addAdmin',
    status: 201,
    call: async (w) => {
      const res = await w.admin
        .post(`${SCHOOL(w)}/admins`)
        .send({ email: 'nieuw@sint-jozef.example.be', name: 'Nieuwe collega', role: 'admin' });
      w.ids.newAdmin = res.body.id;
      return res;
    },
  },
  {
    op: 'addAdmin',
    status: 400,
    call: (w) => w.admin.post(`${SCHOOL(w)}/admins`).send({ email: 'x@example.be' }),
  },
  ...foundOrNot('resendAdminInvitation', 202, 'newAdmin', (w, id) =>
    w.admin.post(`${SCHOOL(w)}/admins/${id}/invitation`),
  ),
  ...foundOrNot('resetAdminSecondFactor', 204, 'newAdmin', (w, id) =>
    w.admin.post(`${SCHOOL(w)}/admins/${id}/second-factor-reset`),
  ),
  {
    op: 'resetAnyAdminSecondFactor',
    status: 204,
    call: (w) => w.platform.post(`/api/v1/platform/admins/${w.ids.newAdmin}/second-factor-reset`),
  },
  {
    op: 'resetAnyAdminSecondFactor',
    status: 403,
    call: (w) => w.admin.post(`/api/v1/platform/admins/${w.ids.newAdmin}/second-factor-reset`),
  },
  ...signedInOnly('getSchoolSecurityPolicy', 'admin', (w) => `${SCHOOL(w)}/security-policy`),
  {
    op: 'setSchoolSecurityPolicy',
    status: 200,
    call: (w) => w.admin.put(`${SCHOOL(w)}/security-policy`).send({ requireSecondFactor: false }),
  },
  {
    op: 'setSchoolSecurityPolicy',
    status: 400,
    call: (w) => w.admin.put(`${SCHOOL(w)}/security-policy`).send({}),
  },
  {
    op: 'getPlatformSecurityPolicy',
    status: 200,
    call: (w) => w.platform.get('/api/v1/platform/security-policy'),
  },
  {
    op: 'getPlatformSecurityPolicy',
    status: 403,
    call: (w) => w.admin.get('/api/v1/platform/security-policy'),
  },
  {
    op: 'setPlatformSecurityPolicy',
    status: 200,
    call: (w) =>
      w.platform.put('/api/v1/platform/security-policy').send({ requireSecondFactor: false }),
  },
  {
    op: 'setPlatformSecurityPolicy',
    status: 403,
    call: (w) =>
      w.admin.put('/api/v1/platform/security-policy').send({ requireSecondFactor: false }),
  },
  { op: 'listApiKeys', status: 200, call: (w) => w.admin.get(`${SCHOOL(w)}/api-keys`) },
  { op: 'listApiKeys', status: 403, call: (w) => w.key('get', `${SCHOOL(w)}/api-keys`) },
  {
    op: 'createApiKey',
    status: 201,
    call: async (w) => {
      const res = await newKey(w, 'Weg te gooien');
      w.ids.keyId = res.body.id;
      return res;
    },
  },
  {
    op: 'createApiKey',
    status: 400,
    call: (w) => w.admin.post(`${SCHOOL(w)}/api-keys`).send({ name: 'x', scope: 'alles' }),
  },
  ...foundOrNot('revokeApiKey', 204, 'keyId', (w, id) =>
    w.admin.delete(`${SCHOOL(w)}/api-keys/${id}`),
  ),
];

// Run after the lifecycle cases (the order the calls have always had): a key of its own, given a
// limit.
export const apiKeyLimitCases: Case[] = [
  {
    op: 'updateApiKey',
    status: 200,
    call: async (w) => {
      const key = await newKey(w, 'Met limiet');
      return w.admin
        .patch(`${SCHOOL(w)}/api-keys/${key.body.id}`)
        .send({ rateLimitPerMinute: 120 });
    },
  },
  {
    op: 'updateApiKey',
    status: 404,
    call: (w) =>
      w.admin.patch(`${SCHOOL(w)}/api-keys/${UNKNOWN}`).send({ rateLimitPerMinute: null }),
  },
];
