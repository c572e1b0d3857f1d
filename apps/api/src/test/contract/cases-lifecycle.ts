import { createStudent } from '../factories.js';
import { foundOrNot, SCHOOL, UNKNOWN, type Case } from './contract-world.js';

// The end of the school year (preview, keeping data, erasing) and a student's personal data.

export const lifecycleCases: Case[] = [
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
];

export const personalDataCases: Case[] = [
  ...foundOrNot('downloadStudentPersonalData', 200, 'coStudent', (w, id) =>
    w.admin.get(`${SCHOOL(w)}/students/${id}/personal-data`),
  ),
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
];
