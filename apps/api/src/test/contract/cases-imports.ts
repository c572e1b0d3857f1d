import { SCHOOL, signedInOnly, UNKNOWN, type Case } from './contract-world.js';

// The file import: upload, read its plan and items, commit.

const csv = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');

export const importCases: Case[] = [
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
  ...signedInOnly('listImports', 'key', (w) => `${SCHOOL(w)}/imports`),
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
];
