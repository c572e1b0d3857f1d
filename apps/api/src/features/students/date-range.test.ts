import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createStudent, schoolWithAdmin } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';

// Dates in a request are years 1900-2199 (as a file import reads them). The `date` format alone
// let year 0000 through to PostgreSQL, which refuses it: found by an outside test as a 500 on
// adding, changing, creating-by-stamnummer and syncing students. Each is now a 400 that names the
// field, and nothing changes.

const t = appForFile();
let iid: string;
let agent: supertest.Agent;
const base = () => `/api/v1/institutions/${iid}`;

beforeAll(async () => {
  ({ iid, agent } = await schoolWithAdmin(t));
});

async function snapshot() {
  return JSON.stringify(
    await t.db.selectFrom('students').selectAll().where('institution_id', '=', iid).execute(),
  );
}

function expectRefused(res: supertest.Response, path: string) {
  expect([res.status, res.headers['content-type']]).toEqual([
    400,
    expect.stringMatching(/application\/problem\+json/),
  ]);
  expect(res.body.code).toBe('validation_failed');
  expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
}

describe('dates outside 1900-2199', () => {
  it('are refused with a 400 on every student write, and nothing changes', async () => {
    const s = await createStudent(t.ctx, iid, { stamnummer: '7001' });
    const before = await snapshot();
    for (const date of ['0000-01-01', '0000-02-29', '0001-01-01', '1899-12-31', '2200-01-01']) {
      const student = { firstName: 'An', lastName: 'Peeters' };
      expectRefused(
        await agent
          .post(`${base()}/students`)
          .send({ ...student, stamnummer: '7002', enrolledUntil: date }),
        'body.enrolledUntil',
      );
      expectRefused(
        await agent
          .post(`${base()}/students`)
          .send({ ...student, stamnummer: '7002', birthDate: date }),
        'body.birthDate',
      );
      expectRefused(
        await agent.patch(`${base()}/students/${s.id}`).send({ birthDate: date }),
        'body.birthDate',
      );
      expectRefused(
        await agent
          .put(`${base()}/students-by-stamnummer/7003`)
          .send({ ...student, enrolledUntil: date }),
        'body.enrolledUntil',
      );
      for (const dryRun of ['?dryRun=true', ''])
        expectRefused(
          await agent
            .put(`${base()}/students${dryRun}`)
            .send({ students: [{ ...student, stamnummer: '7001', birthDate: date }] }),
          'body.students.0.birthDate',
        );
    }
    expect(await snapshot()).toBe(before);
  });

  it('the edges of the range are accepted', async () => {
    for (const [stamnummer, date] of [
      ['7101', '1900-01-01'],
      ['7102', '2199-12-31'],
    ] as const) {
      const res = await agent
        .post(`${base()}/students`)
        .send({ stamnummer, firstName: 'Bo', lastName: 'Maes', birthDate: date });
      expect([res.status, res.body.birthDate]).toEqual([201, date]);
    }
  });
});
