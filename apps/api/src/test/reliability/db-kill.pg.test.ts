import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';

// PostgreSQL only (jest.config.js runs *.pg.test.ts when TEST_DATABASE_URL is set): the server's
// connections are killed with pg_terminate_backend in the middle of a bulk creation.

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
      const killing = (async () => {
        await new Promise((r) => setTimeout(r, 20 + attempt * 40));
        while (!done) {
          await killer.query(
            'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
            [db],
          );
          await new Promise((r) => setTimeout(r, 15));
        }
      })();
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
