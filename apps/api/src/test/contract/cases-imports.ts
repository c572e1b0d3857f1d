import { foundOrNot, SCHOOL, signedInOnly, type Case, type World } from './contract-world.js';

// The file import: upload, read its plan and items, commit.

const IMPORTS = (w: World) => `${SCHOOL(w)}/imports`;
const csv = (lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');

export const importCases: Case[] = [
  {
    op: 'uploadImport',
    status: 201,
    call: async (w) => {
      const res = await w.admin
        .post(IMPORTS(w))
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
        .post(IMPORTS(w))
        .attach('file', Buffer.from('%PDF-1.7\n\u0000\u0001'), 'leerlingen.pdf'),
  },
  ...signedInOnly('listImports', 'key', IMPORTS),
  ...foundOrNot('getImport', 200, 'importId', (w, id) => w.key('get', `${IMPORTS(w)}/${id}`)),
  ...foundOrNot('listImportItems', 200, 'importId', (w, id) =>
    w.key('get', `${IMPORTS(w)}/${id}/items`),
  ),
  ...foundOrNot('commitImport', 200, 'importId', (w, id) =>
    w.admin.post(`${IMPORTS(w)}/${id}/commit`).send({ leavers: 'keep' }),
  ),
];
