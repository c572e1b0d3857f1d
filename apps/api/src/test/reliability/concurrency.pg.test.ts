import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../factories.js';
import { appForFile } from '../per-file.js';

// PostgreSQL only: real parallelism over a connection pool (PGlite serialises everything).

const t = appForFile();
const schools: Array<{ iid: string; agent: supertest.Agent }> = [];

beforeAll(async () => {
  for (const name of ['Noord', 'Zuid']) {
    const iid = (await createInstitution(t.ctx, { name })).id;
    schools.push({
      iid,
      agent: await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email),
    });
  }
});

describe('concurrency', () => {
  it('gives 50 parallel bulk creations over two schools with clashing names distinct usernames, no 5xx, and keeps the registry intact', async () => {
    const requests = [];
    for (let r = 0; r < 50; r++) {
      const { iid, agent } = schools[r % 2]!;
      const kids = [];
      for (let k = 0; k < 4; k++)
        kids.push(await createStudent(t.ctx, iid, { first_name: 'Louise', last_name: 'Maes' }));
      requests.push(
        agent.post(`/api/v1/institutions/${iid}/accounts`).send({
          items: kids.map((k) => ({ studentId: k.id, type: 'basic', passwordKind: 'word' })),
        }),
      );
    }
    const results = await Promise.all(requests);
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const names = results.flatMap((r) => r.body.items.map((i: { username: string }) => i.username));
    expect(new Set(names).size).toBe(200);
    const registry = await t.db
      .selectFrom('usernames')
      .select(['username', 'student_id'])
      .where('username', 'like', 'louise.maes%')
      .execute();
    const accounts = await t.db
      .selectFrom('accounts')
      .select(['username', 'student_id'])
      .where('username', 'like', 'louise.maes%')
      .execute();
    expect(registry).toHaveLength(200);
    expect(new Map(registry.map((r) => [r.username, r.student_id]))).toEqual(
      new Map(accounts.map((a) => [a.username, a.student_id])),
    );
  });

  it('answers concurrent replays of one Idempotency-Key with one creation', async () => {
    const { iid, agent } = schools[0]!;
    const kids = [];
    for (let k = 0; k < 30; k++)
      kids.push(await createStudent(t.ctx, iid, { first_name: 'Arthur', last_name: 'Claes' }));
    const body = { items: kids.map((k) => ({ studentId: k.id, type: 'advanced' })) };
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        agent
          .post(`/api/v1/institutions/${iid}/accounts`)
          .set('Idempotency-Key', 'replay-concurrent-01')
          .send(body),
      ),
    );
    const statuses = results.map((r) => r.status);
    // The first request creates; the others either get its stored answer or a 409 "still running".
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of created) expect(r.body).toEqual(created[0]!.body);
    const batches = await t.db
      .selectFrom('batches')
      .select('id')
      .where('institution_id', '=', iid)
      .where((eb) => eb(eb.fn('cardinality', ['student_ids']), '=', 30))
      .execute();
    expect(batches).toHaveLength(1);
    const after = await agent
      .post(`/api/v1/institutions/${iid}/accounts`)
      .set('Idempotency-Key', 'replay-concurrent-01')
      .send(body);
    expect(after.status).toBe(201);
    expect(after.body).toEqual(created[0]!.body);
  });
});
