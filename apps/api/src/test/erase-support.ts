import { beforeAll } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from './factories.js';
import { appForFile, madeLater } from './per-file.js';
import { activeCoAccount, studentWithAccount } from './portal-factories.js';

// The erasure tests' world, on a moving clock: the school Sint-Lutgart on 20 June 2027 with
// Anna (left 30 June 2026, a co-account, a link, sessions, app sign-ins and history), Bram (left
// then, kept until the end of 2027), Cas (left 30 September 2026) and Dirk (still enrolled).

/** Starts the app and the school for the file (beforeAll/afterAll). */
export function eraseSchool() {
  const t = appForFile();
  const made = {} as { iid: string; agent: supertest.Agent; adminEmail: string };
  const ids: Record<string, string> = {};

  async function setClock(iso: string) {
    t.clock.now = new Date(iso);
    made.agent = t.request();
    await loginAs(made.agent, made.adminEmail);
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
    t.clock.now = new Date('2027-06-20T10:00:00Z');
    made.iid = (await createInstitution(t.ctx, { name: 'Sint-Lutgart' })).id;
    made.adminEmail = (await createAdmin(t.ctx, { institutionId: made.iid, role: 'admin' })).email;
    made.agent = t.request();
    await loginAs(made.agent, made.adminEmail);
    // Anna left on 30 June 2026: with 365 days of grace her last kept day is 30 June 2027.
    const anna = await studentWithAccount(
      t.ctx,
      made.iid,
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
        institution_id: made.iid,
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
          institution_id: made.iid,
          student_id: anna.student.id,
          kind: 'co_account_registered',
          actor_kind: 'admin',
          actor_name: 'Juf Els',
          detail: JSON.stringify({ slot: 1, email: 'ouder.aerts@example.be' }),
        },
        {
          institution_id: made.iid,
          student_id: anna.student.id,
          kind: 'username_changed',
          actor_kind: 'admin',
          actor_name: 'Juf Els',
          detail: JSON.stringify({ from: 'anna.a', to: 'anna.aerts' }),
        },
        {
          institution_id: made.iid,
          student_id: anna.student.id,
          kind: 'login',
          actor_kind: 'parent',
          actor_id: anna.student.id,
          actor_name: 'ouder van Anna Aerts',
          detail: JSON.stringify({ slot: 1 }),
        },
        {
          institution_id: made.iid,
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
    const bram = await createStudent(t.ctx, made.iid, {
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
      await createStudent(t.ctx, made.iid, { first_name: 'Cas', enrolled_until: '2026-09-30' })
    ).id;
    // Still enrolled: never erased by the job.
    ids.dirk = (
      await createStudent(t.ctx, made.iid, { first_name: 'Dirk', enrolled_until: null })
    ).id;
  });

  return {
    t,
    school: madeLater(() => (made.iid ? { id: made.iid } : undefined), 'the school'),
    agent: madeLater(() => made.agent, 'the admin'),
    /** The students by first name (anna, bram, cas, dirk). */
    ids,
    setClock,
    runJob,
    exists,
    traces,
  };
}
