import { createStudent } from '../factories.js';
import { SCHOOL, UNKNOWN, type Case } from './contract-world.js';

// Schools, their admins and keys, students, the sync and the file import.

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
const newcomer = {
  stamnummer: '90001',
  firstName: 'Mila',
  lastName: 'Janssens',
  group: '3A',
  parentEmails: ['mila.ouder@example.be'],
};

export const schoolCases: Case[] = [
  { op: 'listInstitutions', status: 200, call: (w) => w.admin.get('/api/v1/institutions') },
  { op: 'listInstitutions', status: 401, call: (w) => w.anon().get('/api/v1/institutions') },
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
  { op: 'getInstitution', status: 200, call: (w) => w.key('get', SCHOOL(w)) },
  { op: 'getInstitution', status: 401, call: (w) => w.anon().get(SCHOOL(w)) },
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
  { op: 'listAdmins', status: 200, call: (w) => w.admin.get(`${SCHOOL(w)}/admins`) },
  { op: 'listAdmins', status: 401, call: (w) => w.anon().get(`${SCHOOL(w)}/admins`) },
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
  {
    op: 'resendAdminInvitation',
    status: 202,
    call: (w) => w.admin.post(`${SCHOOL(w)}/admins/${w.ids.newAdmin}/invitation`),
  },
  {
    op: 'resendAdminInvitation',
    status: 404,
    call: (w) => w.admin.post(`${SCHOOL(w)}/admins/${UNKNOWN}/invitation`),
  },
  {
    op: 'resetAdminSecondFactor',
    status: 204,
    call: (w) => w.admin.post(`${SCHOOL(w)}/admins/${w.ids.newAdmin}/second-factor-reset`),
  },
  {
    op: 'resetAdminSecondFactor',
    status: 404,
    call: (w) => w.admin.post(`${SCHOOL(w)}/admins/${UNKNOWN}/second-factor-reset`),
  },
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
  {
    op: 'getSchoolSecurityPolicy',
    status: 200,
    call: (w) => w.admin.get(`${SCHOOL(w)}/security-policy`),
  },
  {
    op: 'getSchoolSecurityPolicy',
    status: 401,
    call: (w) => w.anon().get(`${SCHOOL(w)}/security-policy`),
  },
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
      const res = await w.admin
        .post(`${SCHOOL(w)}/api-keys`)
        .send({ name: 'Weg te gooien', scope: 'read' });
      w.ids.keyId = res.body.id;
      return res;
    },
  },
  {
    op: 'createApiKey',
    status: 400,
    call: (w) => w.admin.post(`${SCHOOL(w)}/api-keys`).send({ name: 'x', scope: 'alles' }),
  },
  {
    op: 'revokeApiKey',
    status: 204,
    call: (w) => w.admin.delete(`${SCHOOL(w)}/api-keys/${w.ids.keyId}`),
  },
  {
    op: 'revokeApiKey',
    status: 404,
    call: (w) => w.admin.delete(`${SCHOOL(w)}/api-keys/${UNKNOWN}`),
  },
  { op: 'listStudents', status: 200, call: (w) => w.key('get', `${SCHOOL(w)}/students`) },
  {
    op: 'listStudents',
    status: 400,
    call: (w) => w.key('get', `${SCHOOL(w)}/students?pageSize=100000`),
  },
  {
    op: 'createStudent',
    status: 201,
    call: async (w) => {
      const res = await w.key('post', `${SCHOOL(w)}/students`).send(newcomer);
      w.ids.newcomer = res.body.id;
      return res;
    },
  },
  {
    op: 'createStudent',
    status: 409,
    call: (w) => w.key('post', `${SCHOOL(w)}/students`).send(newcomer),
  },
  { op: 'listGroups', status: 200, call: (w) => w.key('get', `${SCHOOL(w)}/groups`) },
  { op: 'listGroups', status: 401, call: (w) => w.anon().get(`${SCHOOL(w)}/groups`) },
  {
    op: 'getStudent',
    status: 200,
    call: (w) => w.key('get', `${SCHOOL(w)}/students/${w.ids.newcomer}`),
  },
  { op: 'getStudent', status: 404, call: (w) => w.key('get', `${SCHOOL(w)}/students/${UNKNOWN}`) },
  {
    op: 'updateStudent',
    status: 200,
    call: (w) => w.key('patch', `${SCHOOL(w)}/students/${w.ids.newcomer}`).send({ group: '3B' }),
  },
  {
    op: 'updateStudent',
    status: 404,
    call: (w) => w.key('patch', `${SCHOOL(w)}/students/${UNKNOWN}`).send({ group: '3B' }),
  },
  {
    op: 'upsertStudentByStamnummer',
    status: 201,
    call: (w) =>
      w
        .key('put', `${SCHOOL(w)}/students-by-stamnummer/90002`)
        .send({ firstName: 'Finn', lastName: 'Wouters', group: '3B' }),
  },
  {
    op: 'upsertStudentByStamnummer',
    status: 200,
    call: (w) =>
      w
        .key('put', `${SCHOOL(w)}/students-by-stamnummer/90002`)
        .send({ firstName: 'Finn', lastName: 'Wouters', group: '3C' }),
  },
  {
    op: 'upsertStudentByStamnummer',
    status: 400,
    call: (w) =>
      w.key('put', `${SCHOOL(w)}/students-by-stamnummer/90002`).send({ firstName: 'Finn' }),
  },
  {
    op: 'syncStudents',
    status: 200,
    call: (w) =>
      w
        .key('put', `${SCHOOL(w)}/students?dryRun=true`)
        .send({ students: [newcomer], leavers: 'keep' }),
  },
  {
    op: 'syncStudents',
    status: 400,
    call: (w) => w.key('put', `${SCHOOL(w)}/students`).send({ leavers: 'keep' }),
  },
  {
    op: 'uploadImport',
    status: 201,
    call: async (w) => {
      const res = await w.admin
        .post(`${SCHOOL(w)}/imports`)
        .attach(
          'file',
          csv(['Stamnummer;Naam;Voornaam;Klas', '90003;Maes;Lars;4A', '90001;Janssens;Mila;3A']),
          'leerlingen.csv',
        );
      w.ids.importId = res.body.id;
      return res;
    },
  },
  {
    op: 'uploadImport',
    status: 415,
    call: (w) =>
      w.admin
        .post(`${SCHOOL(w)}/imports`)
        .attach('file', Buffer.from('%PDF-1.7\n\u0000\u0001'), 'leerlingen.pdf'),
  },
  { op: 'listImports', status: 200, call: (w) => w.key('get', `${SCHOOL(w)}/imports`) },
  { op: 'listImports', status: 401, call: (w) => w.anon().get(`${SCHOOL(w)}/imports`) },
  {
    op: 'getImport',
    status: 200,
    call: (w) => w.key('get', `${SCHOOL(w)}/imports/${w.ids.importId}`),
  },
  { op: 'getImport', status: 404, call: (w) => w.key('get', `${SCHOOL(w)}/imports/${UNKNOWN}`) },
  {
    op: 'listImportItems',
    status: 200,
    call: (w) => w.key('get', `${SCHOOL(w)}/imports/${w.ids.importId}/items`),
  },
  {
    op: 'listImportItems',
    status: 404,
    call: (w) => w.key('get', `${SCHOOL(w)}/imports/${UNKNOWN}/items`),
  },
  {
    op: 'commitImport',
    status: 200,
    call: (w) =>
      w.admin.post(`${SCHOOL(w)}/imports/${w.ids.importId}/commit`).send({ leavers: 'keep' }),
  },
  {
    op: 'commitImport',
    status: 404,
    call: (w) => w.admin.post(`${SCHOOL(w)}/imports/${UNKNOWN}/commit`).send({ leavers: 'keep' }),
  },
  {
    op: 'previewSchoolYearEnd',
    status: 200,
    call: (w) => w.key('get', `${SCHOOL(w)}/lifecycle/preview`),
  },
  {
    op: 'previewSchoolYearEnd',
    status: 400,
    call: (w) => w.key('get', `${SCHOOL(w)}/lifecycle/preview?date=morgen`),
  },
  {
    op: 'downloadSchoolYearEndPreview',
    status: 200,
    call: (w) => w.admin.get(`${SCHOOL(w)}/lifecycle/preview/xlsx?locale=nl`),
  },
  {
    op: 'downloadSchoolYearEndPreview',
    status: 401,
    call: (w) => w.anon().get(`${SCHOOL(w)}/lifecycle/preview/xlsx`),
  },
  {
    op: 'keepStudentData',
    status: 200,
    call: (w) =>
      w.key('put', `${SCHOOL(w)}/students/${w.ids.plain}/keep`).send({ keepUntil: null }),
  },
  {
    op: 'keepStudentData',
    status: 400,
    call: (w) =>
      w.key('put', `${SCHOOL(w)}/students/${w.ids.plain}/keep`).send({ keepUntil: 'morgen' }),
  },
  {
    op: 'eraseStudent',
    status: 200,
    call: async (w) => {
      const s = await createStudent(w.t.ctx, w.iid, { stamnummer: '99017' });
      return w.admin.post(`${SCHOOL(w)}/students/${s.id}/erase`).send({ confirmation: '99017' });
    },
  },
  {
    op: 'eraseStudent',
    status: 404,
    call: (w) =>
      w.admin.post(`${SCHOOL(w)}/students/${UNKNOWN}/erase`).send({ confirmation: '99017' }),
  },
  {
    op: 'updateApiKey',
    status: 200,
    call: async (w) => {
      const key = await w.admin
        .post(`${SCHOOL(w)}/api-keys`)
        .send({ name: 'Met limiet', scope: 'read' });
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
  {
    op: 'downloadStudentPersonalData',
    status: 200,
    call: (w) => w.admin.get(`${SCHOOL(w)}/students/${w.ids.coStudent}/personal-data`),
  },
  {
    op: 'downloadStudentPersonalData',
    status: 404,
    call: (w) => w.admin.get(`${SCHOOL(w)}/students/${UNKNOWN}/personal-data`),
  },
  {
    op: 'downloadStudentPersonalDataPdf',
    status: 200,
    call: (w) =>
      w.admin.get(`${SCHOOL(w)}/students/${w.ids.coStudent}/personal-data/pdf?locale=fr`),
  },
  {
    op: 'downloadStudentPersonalDataPdf',
    status: 401,
    call: (w) => w.anon().get(`${SCHOOL(w)}/students/${w.ids.coStudent}/personal-data/pdf`),
  },
  { op: 'listChanges', status: 200, call: (w) => w.key('get', `${SCHOOL(w)}/events?limit=5`) },
  {
    op: 'listChanges',
    status: 400,
    call: (w) => w.key('get', `${SCHOOL(w)}/events?after=bm90LWEtY3Vyc29y`),
  },
];
