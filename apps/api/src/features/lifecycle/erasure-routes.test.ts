import { beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, loginAs, signedIn } from '../../test/factories.js';
import { appForFile } from '../../test/per-file.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';

// "Bewaren tot…" and "Nu wissen" through the API, and what an attacker tries: another school's
// admin, a helpdesk user, a wrong or NUL-laden confirmation, a double submit, an erased student.

const t = appForFile();
let iid: string;
let admin: supertest.Agent;
let adminId: string;
let stranger: supertest.Agent;
let counter = 0;

const base = (sid: string, school = iid) => `/api/v1/institutions/${school}/students/${sid}`;

async function pupil(first: string, last: string, stamnummer: string) {
  const s = await studentWithAccount(t.ctx, iid, {
    first_name: first,
    last_name: last,
    stamnummer,
    enrolled_until: '2027-06-30',
    parent_emails: [`ouder.${stamnummer}@example.be`],
  });
  await activeCoAccount(t.ctx, s.student, 1, 'ouder-wachtwoord-123');
  return s;
}

const snapshot = async (sid: string) => ({
  student: await t.db.selectFrom('students').selectAll().where('id', '=', sid).executeTakeFirst(),
  events: await t.db
    .selectFrom('account_events')
    .select(['kind', 'pseudonym'])
    .where('student_id', '=', sid)
    .execute(),
  coAccounts: await t.db
    .selectFrom('co_accounts')
    .selectAll()
    .where('student_id', '=', sid)
    .execute(),
});

beforeAll(async () => {
  t.clock.now = new Date('2027-09-01T08:00:00Z');
  iid = (await createInstitution(t.ctx, { name: 'De Klimop' })).id;
  const a = await createAdmin(t.ctx, { institutionId: iid, role: 'admin' });
  adminId = a.id;
  admin = await loginAs(t.request(), a.email);
  const other = (await createInstitution(t.ctx, { name: 'Elders' })).id;
  stranger = await signedIn(t, other);
});

describe('PUT /api/v1/institutions/:iid/students/:sid/keep', () => {
  it('keeps a student longer, answers the new last day and records it once', async () => {
    const { student } = await pupil('Jana', 'Janssens', '80001');
    const res = await admin.put(`${base(student.id)}/keep`).send({ keepUntil: '2029-01-31' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      studentId: student.id,
      keepUntil: '2029-01-31',
      eraseOn: '2029-01-31',
    });
    await admin.put(`${base(student.id)}/keep`).send({ keepUntil: '2029-01-31' });
    const cleared = await admin.put(`${base(student.id)}/keep`).send({ keepUntil: null });
    expect(cleared.body).toMatchObject({ keepUntil: null, eraseOn: '2028-06-29' });
    const history = await admin.get(`${base(student.id)}/history`);
    expect(
      history.body.items.map((e: { kind: string; detail: object }) => [e.kind, e.detail]),
    ).toEqual([
      ['keep_until_changed', { from: '2029-01-31', to: null }],
      ['keep_until_changed', { from: null, to: '2029-01-31' }],
    ]);
  });

  it.each([['2027-08-31'], ['2040-01-01'], ['2027-02-30'], ['morgen']])(
    'answers 400 for %s and changes nothing',
    async (keepUntil) => {
      const { student } = await pupil('Kobe', 'Kenis', String(81000 + ++counter));
      const before = await snapshot(student.id);
      const res = await admin.put(`${base(student.id)}/keep`).send({ keepUntil });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(await snapshot(student.id)).toEqual(before);
    },
  );

  it("is 404 for another school's admin, and changes nothing", async () => {
    const { student } = await pupil('Lien', 'Lemmens', '80003');
    const before = await snapshot(student.id);
    const res = await stranger.put(`${base(student.id)}/keep`).send({ keepUntil: '2029-01-31' });
    expect(res.status).toBe(404);
    const own = await stranger
      .put(`${base(student.id, (await createInstitution(t.ctx)).id)}/keep`)
      .send({ keepUntil: '2029-01-31' });
    expect(own.status).toBe(404);
    expect(await snapshot(student.id)).toEqual(before);
  });
});

describe('POST /api/v1/institutions/:iid/students/:sid/erase', () => {
  it('refuses a confirmation that does not name the student, or carries a NUL byte', async () => {
    const { student } = await pupil('Mats', 'Mertens', '80004');
    const before = await snapshot(student.id);
    for (const confirmation of ['80005', 'Mats', 'Mertens Mats\u0000', '80004\u0000', '', ' ']) {
      const res = await admin.post(`${base(student.id)}/erase`).send({ confirmation });
      expect([res.status, confirmation]).toEqual([400, confirmation]);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    expect(await snapshot(student.id)).toEqual(before);
  });

  it("is 404 for another school's admin and 403 for helpdesk, and changes nothing", async () => {
    const { student } = await pupil('Nore', 'Nys', '80006');
    const before = await snapshot(student.id);
    expect(
      (await stranger.post(`${base(student.id)}/erase`).send({ confirmation: '80006' })).status,
    ).toBe(404);
    const helpdesk = await signedIn(t, iid, 'helpdesk');
    expect(
      (await helpdesk.post(`${base(student.id)}/erase`).send({ confirmation: '80006' })).status,
    ).toBe(403);
    expect(await snapshot(student.id)).toEqual(before);
  });

  it('erases on the stamnummer or the name typed loosely; twice at once: one wins, the other 404', async () => {
    const { student, username } = await pupil('Oscar', 'Van Oost', '80007');
    const [a, b] = await Promise.all([
      admin.post(`${base(student.id)}/erase`).send({ confirmation: '  oscar   VAN oost ' }),
      admin.post(`${base(student.id)}/erase`).send({ confirmation: '80007' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 404]);
    const won = a.status === 200 ? a : b;
    expect(won.body).toEqual({
      studentId: student.id,
      pseudonym: expect.stringMatching(/^gewist-/),
      erasedAt: '2027-09-01T08:00:00.000Z',
    });
    expect((await snapshot(student.id)).student).toBeUndefined();
    const again = await admin.post(`${base(student.id)}/erase`).send({ confirmation: '80007' });
    expect(again.status).toBe(404);
    expect((await admin.get(base(student.id))).status).toBe(404);
    const registry = await t.db
      .selectFrom('usernames')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    expect(registry.student_id).toBeNull();
    const erased = await t.db
      .selectFrom('account_events')
      .selectAll()
      .where('pseudonym', '=', won.body.pseudonym)
      .execute();
    expect(erased).toEqual([
      expect.objectContaining({ kind: 'erased', actor_kind: 'admin', detail: { reason: 'admin' } }),
    ]);
  });

  it('asks an admin with a second factor to confirm it first (step-up)', async () => {
    const { student } = await pupil('Pien', 'Peeters', '80008');
    await t.db
      .insertInto('admin_totp')
      .values({ admin_user_id: adminId, secret_sealed: 'sealed', confirmed_at: t.ctx.now() })
      .execute();
    try {
      const res = await admin.post(`${base(student.id)}/erase`).send({ confirmation: '80008' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('step_up_required');
      expect((await snapshot(student.id)).student).toBeDefined();
    } finally {
      await t.db.deleteFrom('admin_totp').where('admin_user_id', '=', adminId).execute();
    }
  });
});
