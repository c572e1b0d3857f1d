import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { eraseSchool } from '../../test/erase-support.js';
import { createStudent } from '../../test/factories.js';
import { studentWithAccount } from '../../test/portal-factories.js';

// Erasure after the grace period, on a moving clock: the daily job erases exactly whom the dry
// run named, in one transaction per student; the history stays pseudonymous, the username stays
// reserved, sessions and app sign-ins end; kept students are skipped; a failure rolls back.

const { t, school, agent, ids, setClock, runJob, exists, traces } = eraseSchool();

describe('job erase-after-grace', () => {
  it('a dry run names whom the preview names and changes nothing', async () => {
    const preview = await agent
      .get(`/api/v1/institutions/${school.id}/lifecycle/preview`)
      .query({ date: '2027-06-30' });
    expect(preview.body.erasures.map((e: { studentId: string }) => e.studentId)).toEqual([
      ids.anna,
    ]);
    await setClock('2027-06-30T20:00:00Z');
    expect(await runJob(true)).toEqual({ erased: 0 });
    await setClock('2027-07-01T03:00:00Z');
    const lines: string[] = [];
    expect(await runJob(true, lines)).toEqual({ erased: preview.body.counts.erasures });
    expect(lines).toEqual([expect.stringContaining('70001 Anna Aerts')]);
    expect(await exists(ids.anna!)).toBe(true);
    expect(await traces(ids.anna!)).toEqual({
      sessions: 2,
      accounts: 1,
      coAccounts: 1,
      tokens: 1,
      oidc: 3,
      usernames: 1,
    });
  });

  it('rolls everything back when the erasure fails half-way (one transaction)', async () => {
    await sql`create function fail_erasure() returns trigger language plpgsql as $$
      begin raise exception 'disk on fire'; end $$`.execute(t.db);
    await sql`create trigger fail_erasure before delete on students
      for each row execute function fail_erasure()`.execute(t.db);
    try {
      await expect(runJob()).rejects.toThrow('disk on fire');
    } finally {
      await sql`drop trigger fail_erasure on students`.execute(t.db);
      await sql`drop function fail_erasure()`.execute(t.db);
    }
    expect(await exists(ids.anna!)).toBe(true);
    expect((await traces(ids.anna!)).sessions).toBe(2);
    expect((await traces(ids.anna!)).oidc).toBe(3);
    const events = await t.db
      .selectFrom('account_events')
      .selectAll()
      .where('student_id', '=', ids.anna!)
      .execute();
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.pseudonym === null)).toBe(true);
  });

  it('erases after the grace period: the person goes, pseudonymous events and the username stay', async () => {
    expect(await runJob()).toEqual({ erased: 1 });
    expect(await exists(ids.anna!)).toBe(false);
    expect(await traces(ids.anna!)).toEqual({
      sessions: 0,
      accounts: 0,
      coAccounts: 0,
      tokens: 0,
      oidc: 0,
      usernames: 0,
    });
    const registry = await t.db
      .selectFrom('usernames')
      .selectAll()
      .where('username', '=', 'anna.aerts')
      .executeTakeFirstOrThrow();
    expect(registry).toMatchObject({ student_id: null, institution_id: school.id });
    expect(registry.released_at).toEqual(t.ctx.now());

    const events = await t.db
      .selectFrom('account_events')
      .selectAll()
      .where('institution_id', '=', school.id)
      .where('pseudonym', 'is not', null)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual([
      'co_account_registered',
      'username_changed',
      'login',
      'blocked',
      'erased',
    ]);
    expect(new Set(events.map((e) => e.pseudonym)).size).toBe(1);
    expect(events.every((e) => e.student_id === null)).toBe(true);
    expect(events.map((e) => e.detail)).toEqual([
      { slot: 1 },
      {},
      { slot: 1 },
      {},
      { reason: 'grace_period' },
    ]);
    expect(events[2]).toMatchObject({ actor_kind: 'parent', actor_id: null, actor_name: null });
    expect(events[4]).toMatchObject({ actor_kind: 'system', actor_name: 'Bewaartermijn' });
    const text = JSON.stringify(events);
    for (const personal of ['Anna', 'Aerts', 'anna.a', 'example.be', '70001'])
      expect(text).not.toContain(personal);
  });

  it('never gives the username to another child', async () => {
    const newAnna = await createStudent(t.ctx, school.id, {
      first_name: 'Anna',
      last_name: 'Aerts',
    });
    const proposed = await agent
      .post(`/api/v1/institutions/${school.id}/accounts`)
      .send({ items: [{ studentId: newAnna.id, type: 'basic' }] });
    expect(proposed.status).toBe(201);
    expect(proposed.body.items[0].username).toBe('anna.aerts2');
    const typed = await agent.post(`/api/v1/institutions/${school.id}/accounts`).send({
      items: [
        {
          studentId: (await createStudent(t.ctx, school.id, { first_name: 'Ander' })).id,
          type: 'basic',
          username: 'anna.aerts',
        },
      ],
    });
    expect(typed.status).toBe(422);
    expect(typed.body.errors[0].code).toBe('username_taken');
  });

  it('skips kept and still enrolled students, and erases each only once', async () => {
    expect(await runJob()).toEqual({ erased: 0 });
    for (const sid of [ids.bram!, ids.cas!, ids.dirk!]) expect(await exists(sid)).toBe(true);
    // Cas's grace period ends on 30 September; Bram is kept until the end of the year.
    await setClock('2027-10-01T03:00:00Z');
    expect(await runJob()).toEqual({ erased: 1 });
    expect(await exists(ids.cas!)).toBe(false);
    expect(await exists(ids.bram!)).toBe(true);
    await setClock('2028-01-01T03:00:00Z');
    expect(await runJob()).toEqual({ erased: 1 });
    expect(await exists(ids.bram!)).toBe(false);
    expect(await exists(ids.dirk!)).toBe(true);
  });
});

describe('a student who returns within the grace period', () => {
  it('gets the same account back, held until the school unblocks it or gives a new password', async () => {
    await setClock('2028-01-10T09:00:00Z');
    const eva = await studentWithAccount(
      t.ctx,
      school.id,
      { first_name: 'Eva', enrolled_until: '2027-06-30' },
      { username: 'eva.evers', password: 'zal659' },
    );
    const fien = await studentWithAccount(
      t.ctx,
      school.id,
      { first_name: 'Fien', enrolled_until: '2027-06-30' },
      { username: 'fien.fiers' },
    );
    const student = (sid: string) => agent.get(`/api/v1/institutions/${school.id}/students/${sid}`);
    const login = () =>
      t.request().post('/api/v1/portal/login').send({ username: 'eva.evers', password: 'zal659' });
    expect((await student(eva.student.id)).body.status).toBe('inactive');
    for (const s of [eva, fien]) {
      const res = await agent
        .patch(`/api/v1/institutions/${school.id}/students/${s.student.id}`)
        .send({ enrolledUntil: '2028-06-30' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'blocked', account: { username: s.username } });
    }
    expect((await login()).status).toBe(401);

    const unblocked = await agent.post(
      `/api/v1/institutions/${school.id}/students/${eva.student.id}/account/unblock`,
    );
    expect(unblocked.status).toBe(200);
    expect((await student(eva.student.id)).body.status).toBe('active');
    expect((await login()).status).toBe(200);

    const fresh = await agent
      .post(`/api/v1/institutions/${school.id}/students/${fien.student.id}/account/password`)
      .send({});
    expect(fresh.status).toBe(200);
    expect((await student(fien.student.id)).body).toMatchObject({
      status: 'active',
      account: { username: 'fien.fiers' },
    });
    // A later change of an enrolment that did not end holds nothing.
    await agent
      .patch(`/api/v1/institutions/${school.id}/students/${eva.student.id}`)
      .send({ enrolledUntil: '2029-06-30' });
    expect((await student(eva.student.id)).body.status).toBe('active');
  });
});
