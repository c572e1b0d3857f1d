import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { countRows, createStudent, schoolWithAdmin } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';

// One student at a time: read, create, create-or-update by stamnummer, update. Lists, searches
// and groups: students.test.ts.

const t = appForFile();
let iid: string;
let agent: supertest.Agent;
const base = () => `/api/v1/institutions/${iid}`;

beforeAll(async () => {
  ({ iid, agent } = await schoolWithAdmin(t));
});

describe('GET /api/v1/institutions/:iid/students/:sid', () => {
  it('returns enrolment and official data with empty account parts', async () => {
    const s = await createStudent(t.ctx, iid, {
      first_name: 'Noor',
      last_name: 'Janssens',
      parent_emails: ['mama@example.be'],
    });
    const res = await agent.get(`${base()}/students/${s.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      firstName: 'Noor',
      lastName: 'Janssens',
      status: 'none',
      account: null,
    });
    expect(res.body.coAccounts).toEqual([
      expect.objectContaining({ slot: 1, email: 'mama@example.be', state: 'registered' }),
      expect.objectContaining({ slot: 2, email: null, state: 'not_registered' }),
    ]);
  });
});

describe('POST /api/v1/institutions/:iid/students', () => {
  it('creates a student and rejects a duplicate stamnummer with 409', async () => {
    const body = {
      stamnummer: '55602',
      firstName: ' Borel ',
      lastName: 'Daelemans',
      group: '1ste leerjaar',
      birthDate: '2016-02-01',
      parentEmails: ['a@example.be', 'A@example.be'],
    };
    const res = await agent.post(`${base()}/students`).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ firstName: 'Borel', parentEmails: ['a@example.be'] });
    const again = await agent.post(`${base()}/students`).send(body);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('stamnummer_taken');
  });

  it.each([
    [{ stamnummer: '1', firstName: 'A\u0000b', lastName: 'X' }, 'body.firstName'],
    [{ stamnummer: '1', firstName: 'A', lastName: '' }, 'body.lastName'],
    [{ stamnummer: '', firstName: 'A', lastName: 'B' }, 'body.stamnummer'],
    [{ stamnummer: '1', firstName: 'A', lastName: 'B', birthDate: '19/03/2007' }, 'body.birthDate'],
    [
      { stamnummer: '1', firstName: 'A', lastName: 'B', parentEmails: ['not-an-email'] },
      'body.parentEmails.0',
    ],
    [{ stamnummer: '1', firstName: 'A', lastName: 'B', isAdmin: true }, 'body.isAdmin'],
    [{ stamnummer: '1', firstName: 'x'.repeat(101), lastName: 'B' }, 'body.firstName'],
  ])('rejects %j naming %s and writes nothing', async (body, path) => {
    const before = await countRows(t, 'students');
    const res = await agent.post(`${base()}/students`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await countRows(t, 'students')).toBe(before);
  });
});

describe('PUT /api/v1/institutions/:iid/students-by-stamnummer/:stamnummer', () => {
  it('creates, then updates, and is idempotent (also through the old …/students/by-stamnummer path)', async () => {
    const body = {
      firstName: 'Aurelian',
      lastName: 'Appels',
      group: '2e lj 3e gr Elektri.installatietechn.TSO',
    };
    const first = await agent.put(`${base()}/students-by-stamnummer/A-77`).send(body);
    expect(first.status).toBe(201);
    const second = await agent.put(`${base()}/students/by-stamnummer/A-77`).send(body);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const changed = await agent
      .put(`${base()}/students/by-stamnummer/A-77`)
      .send({ ...body, group: 'Anders' });
    expect(changed.body.group).toBe('Anders');
    const rows = await t.db
      .selectFrom('students')
      .select('id')
      .where('stamnummer', '=', 'A-77')
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe('PATCH /api/v1/institutions/:iid/students/:sid', () => {
  it('updates fields and keeps search in sync', async () => {
    const s = await createStudent(t.ctx, iid, { first_name: 'Jan', last_name: 'Smet' });
    const res = await agent.patch(`${base()}/students/${s.id}`).send({ lastName: 'De Smét' });
    expect(res.status).toBe(200);
    const found = await agent.get(`${base()}/students`).query({ q: 'de smet' });
    expect(found.body.items.map((x: { id: string }) => x.id)).toContain(s.id);
  });
});
