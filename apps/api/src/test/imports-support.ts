import { beforeAll, expect } from '@jest/globals';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type supertest from 'supertest';
import type { Database } from '../db/database.js';
import { createStudent, schoolPath, schoolWithAdmin } from './factories.js';
import type { TestApp } from './harness.js';
import { appForFile, madeLater } from './per-file.js';

// Helpers shared by the import test files.

const FIXTURES = fileURLToPath(new URL('./fixtures/imports/', import.meta.url));
export const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`);

export { schoolWithAdmin };

/** The file's app with a school and its logged-in admin (beforeAll), usable from the top. */
export function importsWorld() {
  const t = appForFile();
  let made: { iid: string; agent: supertest.Agent } | undefined;
  beforeAll(async () => {
    made = await schoolWithAdmin(t);
  });
  const world = {
    t,
    school: madeLater(() => made && { iid: made.iid }, 'the school'),
    agent: madeLater(() => made?.agent, 'the admin'),
  };
  return {
    ...world,
    /** An upload to the school refused before the preview: see expectRefusedUpload. */
    expectRefused: (...args: RefusedUpload) => expectRefusedUpload(world, ...args),
  };
}

export function upload(
  agent: supertest.Agent,
  iid: string,
  data: Buffer,
  name = 'leerlingen.csv',
  mapping?: Record<string, number | string>,
) {
  const req = agent.post(`/api/v1/institutions/${iid}/imports`);
  if (mapping) req.field('mapping', JSON.stringify(mapping));
  return req.attach('file', data, name);
}

/** The school's students as stored, by stamnummer. */
export function schoolStudents(db: Database, iid: string) {
  return db
    .selectFrom('students')
    .selectAll()
    .where('institution_id', '=', iid)
    .orderBy('stamnummer')
    .execute();
}

/** A school with an admin and an API key of `scope` for the sync; `api()` is a request with it. */
export async function syncKey(t: TestApp, scope: 'read' | 'read-write') {
  const { iid, agent } = await schoolWithAdmin(t);
  const key = await agent
    .post(`/api/v1/institutions/${iid}/api-keys`)
    .send({ name: 'Informat-koppeling', scope });
  expect(key.status).toBe(201);
  const api = () => t.request().set('Authorization', `Bearer ${key.body.token}`);
  const put = () => api().put(`${schoolPath(iid)}/students`);
  return {
    iid,
    agent,
    api,
    /** The sync: a PUT of the whole list with the key. */
    sync: (body: object) => put().send(body),
    /** The sync as a dry run: what it would do, nothing written. */
    dryRun: (body: object) => put().query({ dryRun: true }).send(body),
  };
}

/** The file's app for the sync tests; `withKey(scope)` makes a school with a key (syncKey). */
export function syncWorld() {
  const t = appForFile();
  return { t, withKey: (scope: 'read' | 'read-write') => syncKey(t, scope) };
}

/** Three students as a school's administration package sends them to the sync. */
export const SYNC_LIST = [
  {
    stamnummer: '10231',
    firstName: 'Wilhelmina',
    lastName: 'Daniëls',
    group: '2A',
    birthDate: '2012-03-19',
    parentEmails: ['mama@example.be'],
  },
  { stamnummer: '10232', firstName: 'Ivica', lastName: 'Cauberghs', group: '2A' },
  { stamnummer: '10233', firstName: 'Zoë', lastName: 'Peeters', group: '2B' },
];

/** `count` students for the sync, stamnummers from `from` on: Emma Peeters0, Peeters1, … of 1A. */
export function syncList(count: number, from: number) {
  return Array.from({ length: count }, (_, i) => ({
    stamnummer: String(from + i),
    firstName: 'Emma',
    lastName: `Peeters${i}`,
    group: '1A',
  }));
}

/** Students of SYNC_LIST as a school already has them. */
const EXISTING = {
  /** Wilhelmina Daniëls (10231), also the first student of the Informat fixtures. */
  daniels: { stamnummer: '10231', first_name: 'Wilhelmina', last_name: 'Daniëls' },
  /** Zoë Peeters (10233) of 2B, whose enrolment ended in 2020. */
  zoeLeft: {
    stamnummer: '10233',
    first_name: 'Zoë',
    last_name: 'Peeters',
    group_name: '2B',
    enrolled_until: '2020-06-30',
  },
};

/** Stores one of the EXISTING students at the school (with `values` besides). */
export function existingStudent(
  t: Pick<TestApp, 'ctx'>,
  iid: string,
  who: keyof typeof EXISTING,
  values: Parameters<typeof createStudent>[2] = {},
) {
  return createStudent(t.ctx, iid, { ...EXISTING[who], ...values });
}

/** How many of the school's students have an end of enrolment. */
export async function endedCount(db: Database, iid: string) {
  const students = await schoolStudents(db, iid);
  return students.filter((s) => s.enrolled_until !== null).length;
}

/** Commits an import's preview (with the defaults unless `body` says otherwise); expects 200. */
export function commitImport(
  agent: supertest.Agent,
  iid: string,
  importId: string,
  body: Record<string, unknown> = {},
) {
  return agent
    .post(`/api/v1/institutions/${iid}/imports/${importId}/commit`)
    .send(body)
    .expect(200);
}

/** Everything an import could touch, to prove that a refused one touched nothing. */
export async function snapshot(db: Database, iid: string) {
  const [students, events, imports] = await Promise.all([
    schoolStudents(db, iid),
    db
      .selectFrom('account_events')
      .select(['student_id', 'kind', 'detail'])
      .where('institution_id', '=', iid)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('imports')
      .select(['id', 'status'])
      .where('institution_id', '=', iid)
      .orderBy('created_at')
      .execute(),
  ]);
  return JSON.stringify({ students, events, imports });
}

/** A refused upload: the file and its name, the answer's status and code, and its reason. */
type RefusedUpload = [data: Buffer, name: string, status: number, code: string, reason?: string];

/** The refusal of a workbook that would unpack to more than a student list can hold. */
export const ZIP_LIMITS = [413, 'payload_too_large', 'zip_limits'] as const;

/** Where an upload goes: a school, its admin, and the app whose database is checked. */
export interface UploadTarget {
  t: { db: Database };
  school: { iid: string };
  agent: supertest.Agent;
}

/**
 * An upload refused before the preview: a problem+json with `status` and `code` (and `reason`
 * when given), a detail, and not a single row written; answers the response and how long it took.
 */
export async function expectRefusedUpload(
  to: UploadTarget,
  ...args: RefusedUpload
): Promise<{ res: supertest.Response; ms: number }> {
  const [data, name, status, code, reason] = args;
  const before = await snapshot(to.t.db, to.school.iid);
  const started = Date.now();
  const res = await upload(to.agent, to.school.iid, data, name);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  if (reason) expect(res.body.reason).toBe(reason);
  expect(typeof res.body.detail).toBe('string');
  expect(await snapshot(to.t.db, to.school.iid)).toBe(before);
  return { res, ms: Date.now() - started };
}

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** A sheet as a school administration package exports it: a title above the header, typed cells. */
export async function schoolXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Leerlingen');
  ws.addRow(['Leerlingenlijst 2026-2027 — Sint-Jozefscollege']);
  ws.addRow([]);
  ws.addRow([
    'Stamnummer',
    'Familienaam',
    'Voornaam',
    'Administratieve groep',
    'Geslacht',
    'Geboortedatum',
    'Ingeschreven tot',
    'E-mailadres ouder 1',
    'Telefoon',
  ]);
  ws.addRow([
    60001,
    'Daniëls',
    'Wilhelmina',
    '3 STEM',
    'V',
    new Date(Date.UTC(2011, 2, 19)),
    new Date(Date.UTC(2027, 5, 30)),
    { text: 'mama.daniels@example.be', hyperlink: 'mailto:mama.daniels@example.be' },
    '0477 12 34 56',
  ]);
  ws.addRow([
    '060002',
    { richText: [{ text: 'Van ' }, { font: { bold: true }, text: 'Damme' }] },
    'Ştefan',
    '3 STEM',
    'M',
    '2011-07-01',
  ]);
  ws.addRow([
    60003,
    { formula: 'UPPER("peeters")', result: 'PEETERS' },
    'Noor',
    '3 STEM',
    'X',
    new Date(Date.UTC(2011, 0, 5)),
  ]);
  ws.addRow([60004, { formula: 'A1&B1' }, '=1+1', '3 STEM', 'M']);
  // A logo and a note, as real exports have: their parts are never unpacked.
  const logo = wb.addImage({ base64: PNG_1X1, extension: 'png' });
  ws.addImage(logo, { tl: { col: 8, row: 0 }, ext: { width: 16, height: 16 } });
  ws.getCell('A3').note = 'Stamnummer uit Informat';
  wb.addWorksheet('Uitleg').addRow(['Dit blad wordt niet gelezen']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csv(lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}
