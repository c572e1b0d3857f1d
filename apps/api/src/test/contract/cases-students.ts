import { foundOrNot, SCHOOL, signedInOnly, type Case } from './contract-world.js';

// Students through the API key: one by one, by stamnummer, the sync, and the change feed.

const newcomer = {
  stamnummer: '90001',
  firstName: 'Mila',
  lastName: 'Janssens',
  group: '3A',
  parentEmails: ['mila.ouder@example.be'],
};

export const studentCases: Case[] = [
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
  ...signedInOnly('listGroups', 'key', (w) => `${SCHOOL(w)}/groups`),
  ...foundOrNot('getStudent', 200, 'newcomer', (w, id) =>
    w.key('get', `${SCHOOL(w)}/students/${id}`),
  ),
  ...foundOrNot('updateStudent', 200, 'newcomer', (w, id) =>
    w.key('patch', `${SCHOOL(w)}/students/${id}`).send({ group: '3B' }),
  ),
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
];

export const changeFeedCases: Case[] = [
  { op: 'listChanges', status: 200, call: (w) => w.key('get', `${SCHOOL(w)}/events?limit=5`) },
  {
    op: 'listChanges',
    status: 400,
    call: (w) => w.key('get', `${SCHOOL(w)}/events?after=bm90LWEtY3Vyc29y`),
  },
];
