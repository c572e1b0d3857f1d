import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';
import { csv, snapshot, upload } from '../imports-support.js';

// PostgreSQL only (jest.config.js runs *.pg.test.ts when TEST_DATABASE_URL is set): the server's
// connections are killed with pg_terminate_backend in the middle of a bulk creation and of an
// import commit.

let t: TestApp;
let iid: string;
let agent: supertest.Agent;
let killer: pg.Client;

beforeAll(async () => {
  t = await createTestApp();
  iid = (await createInstitution(t.ctx)).id;
  agent = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
  killer = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await killer.connect();
});
afterAll(async () => {
  await killer.end();
  await t.close();
});

async function databaseName(): Promise<string> {
  const r = await t.db
    .selectNoFrom((eb) => eb.fn<string>('current_database').as('db'))
    .executeTakeFirstOrThrow();
  return r.db;
}

/** Kills every connection of the app's database, again and again, until `done()` says stop. */
function keepKilling(db: string, delayMs: number, done: () => boolean) {
  return (async () => {
    await new Promise((r) => setTimeout(r, delayMs));
    while (!done()) {
      await killer.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [db],
      );
      await new Promise((r) => setTimeout(r, 15));
    }
  })();
}

describe('database connection lost during a bulk creation', () => {
  it('answers 503 or completes, never leaves a partial batch, and the next request works', async () => {
    const db = await databaseName();
    const outcomes: number[] = [];
    for (let attempt = 0; attempt < 4 && !outcomes.includes(503); attempt++) {
      const kids = [];
      for (let i = 0; i < 150; i++)
        kids.push(
          await createStudent(t.ctx, iid, { first_name: 'Noor', last_name: `Kill${attempt}` }),
        );
      const request = agent.post(`/api/v1/institutions/${iid}/accounts`).send({
        items: kids.map((k) => ({ studentId: k.id, type: 'basic', passwordKind: 'word' })),
      });
      let done = false;
      const killing = keepKilling(db, 20 + attempt * 40, () => done);
      const res = await request;
      done = true;
      await killing;
      outcomes.push(res.status);
      expect([201, 503]).toContain(res.status);
      const ids = kids.map((k) => k.id);
      const accounts = await t.db
        .selectFrom('accounts')
        .select('student_id')
        .where('student_id', 'in', ids)
        .execute();
      const usernames = await t.db
        .selectFrom('usernames')
        .select('username')
        .where('student_id', 'in', ids)
        .execute();
      if (res.status === 503) {
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(res.body.code).toBe('unavailable');
        expect(accounts).toHaveLength(0);
        expect(usernames).toHaveLength(0);
      } else {
        expect(accounts).toHaveLength(150);
      }
      const next = await agent.get(`/api/v1/institutions/${iid}/students`).query({ pageSize: 1 });
      expect(next.status).toBe(200);
    }
    expect(outcomes).toContain(503);
  });
});

/** Students of the import file of one attempt that are in the database. */
async function imported(attempt: number): Promise<number> {
  const row = await t.db
    .selectFrom('students')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('institution_id', '=', iid)
    .where('stamnummer', 'like', `${attempt}%`)
    .where('first_name', '=', 'Lotte')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('database connection lost during an import commit', () => {
  it('answers 503 or commits, never applies part of the file, and the commit can be retried', async () => {
    const db = await databaseName();
    const outcomes: number[] = [];
    for (let attempt = 0; attempt < 5 && !outcomes.includes(503); attempt++) {
      const lines = ['stamnummer;voornaam;naam;klas'];
      for (let i = 0; i < 800; i++)
        lines.push(`${attempt}${String(i).padStart(5, '0')};Lotte;Kill${i};3A`);
      const preview = await upload(agent, iid, csv(lines));
      expect(preview.status).toBe(201);
      const before = await snapshot(t.db, iid);
      let done = false;
      const killing = keepKilling(db, 5 + attempt * 25, () => done);
      const res = await agent
        .post(`/api/v1/institutions/${iid}/imports/${preview.body.id}/commit`)
        .send({});
      done = true;
      await killing;
      outcomes.push(res.status);
      expect([200, 503]).toContain(res.status);
      if (res.status === 503) {
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(res.body.code).toBe('unavailable');
        expect(await snapshot(t.db, iid)).toBe(before);
        // The preview is still there and the commit goes through once the database is back.
        const retry = await agent
          .post(`/api/v1/institutions/${iid}/imports/${preview.body.id}/commit`)
          .send({});
        expect(retry.status).toBe(200);
      }
      // Committed (at once or by the retry): the whole file, not a row less.
      expect(await imported(attempt)).toBe(800);
    }
    expect(outcomes).toContain(503);
  });
});
