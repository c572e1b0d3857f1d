import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';

// Erasure after the grace period, on a moving clock: the daily job erases exactly whom the dry
// run named, in one transaction per student; the history stays pseudonymous, the username stays
// reserved, sessions and app sign-ins end; kept students are skipped; a failure rolls back.

let t: TestApp;
let iid: string;
let agent: supertest.Agent;
let adminEmail: string;
const ids: Record<string, string> = {};

async function setClock(iso: string) {
  t.clock.now = new Date(iso);
  agent = t.request();
  await loginAs(agent, adminEmail);
}

const runJob = (dryRun = false, lines: string[] = []) =>
  t.app.scheduler.job('erase-after-grace')!.run(t.ctx, {
    now: t.ctx.now(),
    dryRun,
    print: (l) => lines.push(l),
  });

const exists = async (sid: string) =>
  !!(await t.db.selectFrom('students').select('id').where('id', '=', sid).executeTakeFirst());

async function arrangeSessions(sid: string) {
  const expires = new Date(t.ctx.now().getTime() + 3_600_000);
  const row = {
    kind: 'portal' as const,
    expires_at: expires,
    student_id: sid,
    admin_user_id: null,
  };
  await t.db
    .insertInto('sessions')
    .values([
      { ...row, id: `s-${sid}`, co_account_slot: null },
      { ...row, id: `p-${sid}`, co_account_slot: 1 },
    ])
    .execute();
  await t.db
    .insertInto('oidc_models')
    .values([
      { model: 'Session', id: `os-${sid}`, payload: JSON.stringify({ accountId: `s.${sid}` }) },
      { model: 'Grant', id: `g-${sid}`, payload: JSON.stringify({ accountId: `p.${sid}.1` }) },
      { model: 'RefreshToken', id: `rt-${sid}`, grant_id: `g-${sid}`, payload: '{}' },
    ])
    .execute();
}

async function traces(sid: string) {
  const n = async (q: Promise<{ n: string | number }>) => Number((await q).n);
  const count = (table: 'sessions' | 'co_accounts' | 'accounts' | 'tokens') =>
    n(
      t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('student_id', '=', sid)
        .executeTakeFirstOrThrow(),
    );
  return {
    sessions: await count('sessions'),
    accounts: await count('accounts'),
    coAccounts: await count('co_accounts'),
    tokens: await count('tokens'),
    oidc: await n(
      t.db
        .selectFrom('oidc_models')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('id', 'like', `%${sid}`)
        .executeTakeFirstOrThrow(),
    ),
    usernames: await n(
      t.db
        .selectFrom('usernames')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('student_id', '=', sid)
        .executeTakeFirstOrThrow(),
    ),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.now = new Date('2027-06-20T10:00:00Z');
  iid = (await createInstitution(t.ctx, { name: 'Sint-Lutgart' })).id;
  adminEmail = (await createAdmin(t.ctx, { institutionId: iid, role: 'admin' })).email;
  agent = t.request();
  await loginAs(agent, adminEmail);
  // Anna left on 30 June 2026: with 365 days of grace her last kept day is 30 June 2027.
  const anna = await studentWithAccount(
    t.ctx,
    iid,
    {
      first_name: 'Anna',
      last_name: 'Aerts',
      stamnummer: '70001',
      enrolled_until: '2026-06-30',
      parent_emails: ['ouder.aerts@example.be'],
    },
    { username: 'anna.aerts', email: 'anna@example.be' },
  );
  await activeCoAccount(t.ctx, anna.student, 1, 'ouder-wachtwoord-123');
  await t.db
    .insertInto('tokens')
    .values({
      token_hash: 'hash-anna',
      purpose: 'co_account_activation',
      institution_id: iid,
      student_id: anna.student.id,
      slot: 1,
      email: 'ouder.aerts@example.be',
      expires_at: new Date('2027-06-21T10:00:00Z'),
    })
    .execute();
  await arrangeSessions(anna.student.id);
  await t.db
    .insertInto('account_events')
    .values([
      {
        institution_id: iid,
        student_id: anna.student.id,
        kind: 'co_account_registered',
        actor_kind: 'admin',
        actor_name: 'Juf Els',
        detail: JSON.stringify({ slot: 1, email: 'ouder.aerts@example.be' }),
      },
      {
        institution_id: iid,
        student_id: anna.student.id,
        kind: 'username_changed',
        actor_kind: 'admin',
        actor_name: 'Juf Els',
        detail: JSON.stringify({ from: 'anna.a', to: 'anna.aerts' }),
      },
      {
        institution_id: iid,
        student_id: anna.student.id,
        kind: 'login',
        actor_kind: 'parent',
        actor_id: anna.student.id,
        actor_name: 'ouder van Anna Aerts',
        detail: JSON.stringify({ slot: 1 }),
      },
      {
        institution_id: iid,
        student_id: anna.student.id,
        kind: 'blocked',
        actor_kind: 'admin',
        actor_name: 'Juf Els',
        detail: JSON.stringify({ reason: 'Anna Aerts verhuist naar Gent' }),
      },
    ])
    .execute();
  ids.anna = anna.student.id;
  // Bram left at the same time, but the school keeps him until the end of 2027 (he may return).
  const bram = await createStudent(t.ctx, iid, {
    first_name: 'Bram',
    enrolled_until: '2026-06-30',
  });
  await t.db
    .updateTable('students')
    .set({ keep_until: '2027-12-31' })
    .where('id', '=', bram.id)
    .execute();
  ids.bram = bram.id;
  // Cas left in September: his grace period runs until 30 September 2027.
  ids.cas = (
    await createStudent(t.ctx, iid, { first_name: 'Cas', enrolled_until: '2026-09-30' })
  ).id;
  // Still enrolled: never erased by the job.
  ids.dirk = (await createStudent(t.ctx, iid, { first_name: 'Dirk', enrolled_until: null })).id;
});
afterAll(() => t.close());

describe('job erase-after-grace', () => {
  it('a dry run names whom the preview names and changes nothing', async () => {
    const preview = await agent
      .get(`/api/v1/institutions/${iid}/lifecycle/preview`)
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
    expect(registry).toMatchObject({ student_id: null, institution_id: iid });
    expect(registry.released_at).toEqual(t.ctx.now());

    const events = await t.db
      .selectFrom('account_events')
      .selectAll()
      .where('institution_id', '=', iid)
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
    const newAnna = await createStudent(t.ctx, iid, { first_name: 'Anna', last_name: 'Aerts' });
    const proposed = await agent
      .post(`/api/v1/institutions/${iid}/accounts`)
      .send({ items: [{ studentId: newAnna.id, type: 'basic' }] });
    expect(proposed.status).toBe(201);
    expect(proposed.body.items[0].username).toBe('anna.aerts2');
    const typed = await agent.post(`/api/v1/institutions/${iid}/accounts`).send({
      items: [
        {
          studentId: (await createStudent(t.ctx, iid, { first_name: 'Ander' })).id,
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
      iid,
      { first_name: 'Eva', enrolled_until: '2027-06-30' },
      { username: 'eva.evers', password: 'zal659' },
    );
    const fien = await studentWithAccount(
      t.ctx,
      iid,
      { first_name: 'Fien', enrolled_until: '2027-06-30' },
      { username: 'fien.fiers' },
    );
    const student = (sid: string) => agent.get(`/api/v1/institutions/${iid}/students/${sid}`);
    const login = () =>
      t.request().post('/api/v1/portal/login').send({ username: 'eva.evers', password: 'zal659' });
    expect((await student(eva.student.id)).body.status).toBe('inactive');
    for (const s of [eva, fien]) {
      const res = await agent
        .patch(`/api/v1/institutions/${iid}/students/${s.student.id}`)
        .send({ enrolledUntil: '2028-06-30' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'blocked', account: { username: s.username } });
    }
    expect((await login()).status).toBe(401);

    const unblocked = await agent.post(
      `/api/v1/institutions/${iid}/students/${eva.student.id}/account/unblock`,
    );
    expect(unblocked.status).toBe(200);
    expect((await student(eva.student.id)).body.status).toBe('active');
    expect((await login()).status).toBe(200);

    const fresh = await agent
      .post(`/api/v1/institutions/${iid}/students/${fien.student.id}/account/password`)
      .send({});
    expect(fresh.status).toBe(200);
    expect((await student(fien.student.id)).body).toMatchObject({
      status: 'active',
      account: { username: 'fien.fiers' },
    });
    // A later change of an enrolment that did not end holds nothing.
    await agent
      .patch(`/api/v1/institutions/${iid}/students/${eva.student.id}`)
      .send({ enrolledUntil: '2029-06-30' });
    expect((await student(eva.student.id)).body.status).toBe('active');
  });
});
