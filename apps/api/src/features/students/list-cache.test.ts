import { beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { studentWithAccount } from '../../test/portal-factories.js';
import { csv, upload } from '../../test/imports-support.js';
import { appForFile } from '../../test/per-file.js';
import { brusselsDate } from '../../platform/time/index.js';
import { dataVersion } from './repository.js';

// The student list is cached per process and checked against the school's data version, which a
// commit-time trigger moves. Every way a listed value can change must show at once — including
// writes that never pass through this process (done here straight in the database, as another
// API instance or a migration script would).

const t = appForFile();
let iid: string;
let agent: supertest.Agent;
const list = async (query: Record<string, string> = {}) => {
  const res = await agent.get(`/api/v1/institutions/${iid}/students`).query(query);
  expect(res.status).toBe(200);
  return res.body as {
    total: number;
    items: Array<Record<string, unknown> & { id: string; stamnummer: string }>;
  };
};
const item = async (id: string) => (await list({ pageSize: '200' })).items.find((s) => s.id === id);

beforeAll(async () => {
  iid = (await createInstitution(t.ctx)).id;
  agent = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
});

describe('student list cache', () => {
  it('serves a repeated page from the cache while the data version stands still', async () => {
    const s = await createStudent(t.ctx, iid, { first_name: 'Lien' });
    expect((await item(s.id))?.firstName).toBe('Lien');
    // A change that bypasses the triggers (replication role) does not move the version, so the
    // cached page still shows the old name: the cache is really in use.
    await t.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx
        .updateTable('students')
        .set({ first_name: 'Lena' })
        .where('id', '=', s.id)
        .execute();
    });
    expect((await item(s.id))?.firstName).toBe('Lien');
    // Any other query is computed afresh.
    expect((await list({ pageSize: '199' })).items.find((i) => i.id === s.id)?.firstName).toBe(
      'Lena',
    );
  });

  it('shows changes made through the API at once', async () => {
    const s = await createStudent(t.ctx, iid, { first_name: 'Mats', group_name: '4A' });
    const before = await list({ group: '4A' });
    expect(before.items.map((i) => i.id)).toContain(s.id);
    expect(
      (await agent.patch(`/api/v1/institutions/${iid}/students/${s.id}`).send({ group: '4B' }))
        .status,
    ).toBe(200);
    expect((await list({ group: '4A' })).items.map((i) => i.id)).not.toContain(s.id);

    const created = await agent
      .post(`/api/v1/institutions/${iid}/accounts`)
      .set('Idempotency-Key', `cache-${s.id}`)
      .send({ items: [{ studentId: s.id, type: 'basic', passwordKind: 'word' }] });
    expect(created.status).toBe(201);
    expect(await item(s.id)).toMatchObject({ status: 'active', accountType: 'basic' });

    expect(
      (await agent.post(`/api/v1/institutions/${iid}/students/${s.id}/account/block`).send({}))
        .status,
    ).toBe(200);
    expect((await item(s.id))?.status).toBe('blocked');
  });

  it('shows writes of another process, a portal login and an import as soon as they commit', async () => {
    const { student, username } = await studentWithAccount(
      t.ctx,
      iid,
      { first_name: 'Noor', stamnummer: 'C-1' },
      { password: 'kip358' },
    );
    expect((await item(student.id))?.lastLoginAt).toBeNull();
    const login = await t
      .request()
      .post('/api/v1/portal/login')
      .send({ username, password: 'kip358' });
    expect(login.status).toBe(200);
    expect((await item(student.id))?.lastLoginAt).not.toBeNull();

    // Straight into the database, as another API instance would.
    await t.db
      .updateTable('students')
      .set({ last_name: 'Elders' })
      .where('id', '=', student.id)
      .execute();
    expect((await item(student.id))?.lastName).toBe('Elders');
    await t.db
      .updateTable('accounts')
      .set({ blocked_at: t.clock.now })
      .where('student_id', '=', student.id)
      .execute();
    expect((await item(student.id))?.status).toBe('blocked');

    const preview = await upload(
      agent,
      iid,
      csv(['stamnummer;voornaam;naam;klas', 'C-2;Ferre;Nieuw;5A']),
    );
    expect(preview.status).toBe(201);
    const commit = await agent
      .post(`/api/v1/institutions/${iid}/imports/${preview.body.id}/commit`)
      .send({ leavers: 'keep' });
    expect(commit.status).toBe(200);
    expect((await list({ q: 'Ferre' })).items.map((i) => i.stamnummer)).toEqual(['C-2']);
  });

  it('reads the version with an API key and still shows every committed write to its caller', async () => {
    const key = await agent
      .post(`/api/v1/institutions/${iid}/api-keys`)
      .send({ name: 'Cache check', scope: 'read' });
    expect(key.status).toBe(201);
    const tool = (query: Record<string, string>) =>
      t
        .request()
        .get(`/api/v1/institutions/${iid}/students`)
        .set('Authorization', `Bearer ${key.body.token as string}`)
        .query(query);
    const s = await createStudent(t.ctx, iid, { first_name: 'Wout', group_name: 'K9' });
    const first = await tool({ group: 'K9' });
    expect(first.body).toMatchObject({ total: 1, items: [{ id: s.id, firstName: 'Wout' }] });
    // The same page again is served from the cache, and after a write straight in the database
    // (another instance) it is computed afresh, total included.
    expect((await tool({ group: 'K9' })).body).toEqual(first.body);
    await t.db
      .updateTable('students')
      .set({ first_name: 'Wannes' })
      .where('id', '=', s.id)
      .execute();
    const s2 = await createStudent(t.ctx, iid, { first_name: 'Zoë', group_name: 'K9' });
    const after = await tool({ group: 'K9' });
    expect(after.body.total).toBe(2);
    expect(
      after.body.items.map((i: { id: string; firstName: string }) => [i.id, i.firstName]),
    ).toEqual(
      expect.arrayContaining([
        [s.id, 'Wannes'],
        [s2.id, 'Zoë'],
      ]),
    );
    // A key of this school sees this school's version only: another school's writes leave its
    // page where it was, and the key opens no other school.
    const other = (await createInstitution(t.ctx)).id;
    await createStudent(t.ctx, other, { group_name: 'K9' });
    expect((await tool({ group: 'K9' })).body).toEqual(after.body);
    expect(
      (
        await t
          .request()
          .get(`/api/v1/institutions/${other}/students`)
          .set('Authorization', `Bearer ${key.body.token as string}`)
      ).status,
    ).toBe(404);
  });

  it("follows today's date: an enrolment that ends turns the account inactive the next day", async () => {
    // Today as the school counts it (Brussels): from 23:00 UTC in winter the UTC date is a day behind.
    const endDate = brusselsDate(t.clock.now);
    const { student } = await studentWithAccount(t.ctx, iid, { enrolled_until: endDate }, {});
    expect((await item(student.id))?.status).toBe('active');
    t.clock.advance(2 * 86_400_000);
    agent = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
    expect((await item(student.id))?.status).toBe('inactive');
  });

  it('moves a school version once per transaction, not for other schools, not on rollback', async () => {
    const other = (await createInstitution(t.ctx)).id;
    const mine = await dataVersion(t.db, iid);
    const theirs = await dataVersion(t.db, other);
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 20; i++) await createStudent({ ...t.ctx, db: trx }, iid, {});
    });
    expect(BigInt(await dataVersion(t.db, iid))).toBe(BigInt(mine) + 1n);
    expect(await dataVersion(t.db, other)).toBe(theirs);
    await expect(
      t.db.transaction().execute(async (trx) => {
        await createStudent({ ...t.ctx, db: trx }, iid, {});
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(BigInt(await dataVersion(t.db, iid))).toBe(BigInt(mine) + 1n);
  });

  it('lets a school with students be deleted', async () => {
    const doomed = (await createInstitution(t.ctx)).id;
    await studentWithAccount(t.ctx, doomed, {}, {});
    await t.db.deleteFrom('institutions').where('id', '=', doomed).execute();
    expect(await dataVersion(t.db, doomed)).toBe('0');
  });
});

describe("the school's id in capitals", () => {
  it('opens the same school for an API key as for a session, with the same total', async () => {
    const created = await agent
      .post(`/api/v1/institutions/${iid}/api-keys`)
      .send({ name: 'hoofdletters', scope: 'read' });
    expect(created.status).toBe(201);
    const key = `Bearer ${created.body.token}`;
    const upper = `/api/v1/institutions/${iid.toUpperCase()}/students`;
    const byKey = await t.request().get(upper).set('authorization', key);
    expect(byKey.status).toBe(200);
    const bySession = await agent.get(upper);
    expect(bySession.status).toBe(200);
    const own = await list();
    expect(byKey.body.total).toBe(own.total);
    expect(bySession.body.total).toBe(own.total);
    // Another school's key still opens nothing here.
    const other = (await createInstitution(t.ctx)).id;
    const otherAgent = await loginAs(
      t.request(),
      (await createAdmin(t.ctx, { institutionId: other })).email,
    );
    const foreign = await otherAgent
      .post(`/api/v1/institutions/${other}/api-keys`)
      .send({ name: 'ander', scope: 'read' });
    expect(
      (await t.request().get(upper).set('authorization', `Bearer ${foreign.body.token}`)).status,
    ).toBe(404);
  });
});
