import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, createStudent, loginAs } from '../../test/factories.js';
import type { TestApp } from '../../test/harness.js';
import { createMailTestApp, quiet, type MailTestApp } from '../../test/mail-support.js';
import { activeCoAccount, portalLogin, studentWithAccount } from '../../test/portal-factories.js';
import type { SmtpCatcher } from '../../test/smtp-catcher.js';
import { deliverOutbox, type MailTransport } from '../../platform/mail/outbox.js';

let t: TestApp;
let env: MailTestApp;
let smtp: SmtpCatcher;
let transport: MailTransport;
let iid: string;
let otherIid: string;
let admin: supertest.Agent;
let helpdesk: supertest.Agent;
let foreignAdmin: supertest.Agent;
const base = (sid: string, school = iid) =>
  `/api/v1/institutions/${school}/students/${sid}/co-accounts`;

beforeAll(async () => {
  env = await createMailTestApp();
  ({ t, smtp, transport } = env);
  iid = (await createInstitution(t.ctx, { name: 'Sint-Pieterscollege' })).id;
  otherIid = (await createInstitution(t.ctx, { name: 'Andere school' })).id;
  admin = await loginAs(t.request(), (await createAdmin(t.ctx, { institutionId: iid })).email);
  helpdesk = await loginAs(
    t.request(),
    (await createAdmin(t.ctx, { institutionId: iid, role: 'helpdesk' })).email,
  );
  foreignAdmin = await loginAs(
    t.request(),
    (await createAdmin(t.ctx, { institutionId: otherIid })).email,
  );
});
afterAll(() => env.close());

describe('GET /api/v1/institutions/:iid/students/:sid/co-accounts', () => {
  it('lists the slots with the registered e-mails, also in the student detail', async () => {
    const s = await createStudent(t.ctx, iid, { parent_emails: ['mama@example.be'] });
    const res = await admin.get(base(s.id));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        slot: 1,
        email: 'mama@example.be',
        state: 'registered',
        invitedAt: null,
      }),
      expect.objectContaining({ slot: 2, email: null, state: 'not_registered' }),
    ]);
    const detail = await admin.get(`/api/v1/institutions/${iid}/students/${s.id}`);
    expect(detail.body.coAccounts).toEqual(res.body);
  });

  it('answers 404 across schools and for a malformed id', async () => {
    const s = await createStudent(t.ctx, iid);
    expect((await foreignAdmin.get(base(s.id, otherIid))).status).toBe(404);
    expect((await foreignAdmin.get(base(s.id))).status).toBe(404);
    expect((await admin.get(base('not-a-uuid'))).status).toBe(404);
    expect(
      (await foreignAdmin.put(`${base(s.id, otherIid)}/1`).send({ email: 'x@example.be' })).status,
    ).toBe(404);
  });
});

describe('PUT /api/v1/institutions/:iid/students/:sid/co-accounts/:slot', () => {
  it('registers an e-mail into parentEmails and records the event', async () => {
    const s = await createStudent(t.ctx, iid, { parent_emails: ['mama@example.be'] });
    const res = await admin.put(`${base(s.id)}/2`).send({ email: 'papa@example.be' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ slot: 2, email: 'papa@example.be', state: 'registered' });
    const row = await t.db
      .selectFrom('students')
      .select('parent_emails')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.parent_emails).toEqual(['mama@example.be', 'papa@example.be']);
    const events = await admin.get(`/api/v1/institutions/${iid}/students/${s.id}/history`);
    expect(events.body.items[0]).toMatchObject({
      kind: 'co_account_registered',
      detail: { slot: 2, email: 'papa@example.be' },
    });
  });

  it('refuses a slot beyond the school setting, a gap, and the same address in two slots', async () => {
    const s = await createStudent(t.ctx, iid, { parent_emails: ['mama@example.be'] });
    expect((await admin.put(`${base(s.id)}/3`).send({ email: 'x@example.be' })).status).toBe(404);
    const empty = await createStudent(t.ctx, iid);
    const gap = await admin.put(`${base(empty.id)}/2`).send({ email: 'x@example.be' });
    expect(gap.status).toBe(422);
    expect(gap.body.errors[0].code).toBe('slot_gap');
    const dup = await admin.put(`${base(s.id)}/2`).send({ email: 'MAMA@example.be' });
    expect(dup.status).toBe(409);
    expect((await admin.put(`${base(s.id)}/1`).send({ email: 'not an email' })).status).toBe(400);
  });

  it('keeps an active co-account working when its e-mail changes, and voids links sent before', async () => {
    const { student, username } = await studentWithAccount(t.ctx, iid, {
      parent_emails: ['oud@example.be'],
    });
    await activeCoAccount(t.ctx, student, 1, 'Ouder-wachtwoord-1');
    await helpdesk.post(`${base(student.id)}/1/invitation`);
    const res = await admin.put(`${base(student.id)}/1`).send({ email: 'nieuw@example.be' });
    expect(res.body).toMatchObject({ state: 'active', email: 'nieuw@example.be' });
    const open = await t.db
      .selectFrom('tokens')
      .selectAll()
      .where('student_id', '=', student.id)
      .where('revoked_at', 'is', null)
      .execute();
    expect(open).toHaveLength(0);
    expect((await portalLogin(t.request(), username, 'Ouder-wachtwoord-1')).body.role).toBe(
      'parent',
    );
  });
});

describe('POST /api/v1/institutions/:iid/students/:sid/co-accounts/:slot/invitation', () => {
  it('lets the helpdesk mail the activation link with the username; the slot becomes invited', async () => {
    const { student, username } = await studentWithAccount(t.ctx, iid, {
      first_name: 'Mila',
      parent_emails: ['mama@example.be'],
    });
    const res = await helpdesk.post(`${base(student.id)}/1/invitation`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ slot: 1, state: 'invited' });
    expect(res.body.invitedAt).toEqual(t.clock.now.toISOString());
    await deliverOutbox(t.ctx, transport, quiet);
    const mail = smtp.mails.find((m) => m.text.includes(username))!;
    expect(mail.subject).toBe('Activeer je co-account – Sint-Pieterscollege');
    expect(mail.text).toContain('Sint-Pieterscollege nodigt je uit');
    expect(mail.text).toContain(username);
    expect(mail.text).toMatch(
      /http:\/\/schoolloket\.test\/co-account\/activeren\/[A-Za-z0-9_-]{43}/,
    );
    const events = await admin.get(`/api/v1/institutions/${iid}/students/${student.id}/history`);
    expect(events.body.items[0]).toMatchObject({
      kind: 'co_account_invited',
      actor: { kind: 'admin' },
    });
  });

  it('refuses without a registered e-mail, without an account and for a blocked student', async () => {
    const { student } = await studentWithAccount(t.ctx, iid);
    expect((await admin.post(`${base(student.id)}/1/invitation`)).status).toBe(409);
    const noAccount = await createStudent(t.ctx, iid, { parent_emails: ['a@example.be'] });
    expect((await admin.post(`${base(noAccount.id)}/1/invitation`)).status).toBe(409);
    const blocked = await studentWithAccount(
      t.ctx,
      iid,
      { parent_emails: ['a@example.be'] },
      { blocked: true },
    );
    expect((await admin.post(`${base(blocked.student.id)}/1/invitation`)).status).toBe(409);
  });

  it('is not allowed for a helpdesk user to change or revoke', async () => {
    const s = await createStudent(t.ctx, iid, { parent_emails: ['a@example.be'] });
    expect((await helpdesk.put(`${base(s.id)}/1`).send({ email: 'b@example.be' })).status).toBe(
      403,
    );
    expect((await helpdesk.delete(`${base(s.id)}/1`)).status).toBe(403);
  });
});

describe('DELETE /api/v1/institutions/:iid/students/:sid/co-accounts/:slot', () => {
  it('revokes: the password stops working, sessions end, links die; PUT registers again', async () => {
    const { student, username } = await studentWithAccount(t.ctx, iid, {
      parent_emails: ['mama@example.be'],
    });
    await activeCoAccount(t.ctx, student, 1, 'Ouder-wachtwoord-1');
    const parent = t.request();
    expect((await portalLogin(parent, username, 'Ouder-wachtwoord-1')).status).toBe(200);
    const res = await admin.delete(`${base(student.id)}/1`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'revoked', email: 'mama@example.be' });
    expect(res.body.revokedAt).not.toBeNull();
    expect((await parent.get('/api/v1/portal/me')).status).toBe(401);
    expect((await portalLogin(t.request(), username, 'Ouder-wachtwoord-1')).status).toBe(401);
    // A revoked slot gets no self-service link and no invitation.
    expect((await admin.post(`${base(student.id)}/1/invitation`)).status).toBe(409);
    const again = await admin.put(`${base(student.id)}/1`).send({ email: 'mama@example.be' });
    expect(again.body).toMatchObject({ state: 'registered', revokedAt: null });
    expect((await admin.delete(`${base(student.id)}/2`)).status).toBe(404);
  });
});

describe('GET /api/v1/institutions/:iid/co-accounts/overview', () => {
  it('counts states per group and lists the students whose parents have not activated', async () => {
    const group = 'Overzicht 3A';
    const done = await studentWithAccount(t.ctx, iid, {
      group_name: group,
      last_name: 'Aerts',
      parent_emails: ['a@example.be', 'b@example.be'],
    });
    await activeCoAccount(t.ctx, done.student, 1, 'Ouder-wachtwoord-1');
    const waiting = await studentWithAccount(t.ctx, iid, {
      group_name: group,
      last_name: 'Bosmans',
      parent_emails: ['c@example.be'],
    });
    await createStudent(t.ctx, iid, { group_name: group, parent_emails: ['d@example.be'] }); // no account: not counted
    const res = await admin
      .get(`/api/v1/institutions/${iid}/co-accounts/overview`)
      .query({ group });
    expect(res.status).toBe(200);
    expect(res.body.groups.find((g: { group: string }) => g.group === group)).toEqual({
      group,
      students: 2,
      withActiveCoAccount: 1,
      slots: { notRegistered: 1, registered: 2, invited: 0, active: 1, revoked: 0 },
      awaitingInvitation: 2,
    });
    expect(res.body.total).toBe(1);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        studentId: waiting.student.id,
        username: waiting.username,
        group,
        coAccounts: [
          expect.objectContaining({ state: 'registered' }),
          expect.objectContaining({ state: 'not_registered' }),
        ],
      }),
    ]);
  });
});

describe('POST /api/v1/institutions/:iid/co-accounts/invitations', () => {
  const url = `/api/v1/institutions/${'$IID'}/co-accounts/invitations`;
  const path = () => url.replace('$IID', iid);
  const awaiting = async (group: string) =>
    (
      (await admin.get(`/api/v1/institutions/${iid}/co-accounts/overview`).query({ group }))
        .body as { groups: Array<{ group: string; awaitingInvitation: number }> }
    ).groups.find((g) => g.group === group)?.awaitingInvitation;
  const mailsTo = async (address: string) =>
    t.db.selectFrom('outbox').select('id').where('recipient', '=', address).execute();

  it('mails every slot of the group that waits, skips open links, and needs the expected count', async () => {
    const group = 'Uitnodigen 4B';
    const a = await studentWithAccount(t.ctx, iid, {
      group_name: group,
      parent_emails: ['inv-a1@example.be', 'inv-a2@example.be'],
    });
    await activeCoAccount(t.ctx, a.student, 1, 'Ouder-wachtwoord-1');
    await studentWithAccount(t.ctx, iid, {
      group_name: group,
      parent_emails: ['inv-b1@example.be'],
    });
    await studentWithAccount(t.ctx, iid, { group_name: group, parent_emails: [] });
    await createStudent(t.ctx, iid, { group_name: group, parent_emails: ['inv-c1@example.be'] }); // no account
    await studentWithAccount(t.ctx, iid, {
      group_name: 'Andere klas',
      parent_emails: ['inv-other@example.be'],
    });
    expect(await awaiting(group)).toBe(2);

    // A count that no longer matches sends nothing.
    const stale = await admin.post(path()).send({ group, expectedCount: 3 });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.body.errors[0]).toMatchObject({
      path: 'body.expectedCount',
      code: 'count_changed',
    });
    expect(await mailsTo('inv-a2@example.be')).toHaveLength(0);

    const res = await admin.post(path()).send({ group, expectedCount: 2 });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ sent: 2 });
    expect(await mailsTo('inv-a2@example.be')).toHaveLength(1);
    expect(await mailsTo('inv-b1@example.be')).toHaveLength(1);
    expect(await mailsTo('inv-a1@example.be')).toHaveLength(0); // active already
    expect(await mailsTo('inv-c1@example.be')).toHaveLength(0); // no account
    expect(await mailsTo('inv-other@example.be')).toHaveLength(0); // other group
    const events = await t.db
      .selectFrom('account_events')
      .select(['kind', 'detail'])
      .where('student_id', '=', a.student.id)
      .where('kind', '=', 'co_account_invited')
      .execute();
    expect(events).toHaveLength(1);

    // A double submit finds nothing waiting: the open links are not mailed again.
    expect(await awaiting(group)).toBe(0);
    const again = await admin.post(path()).send({ group, expectedCount: 2 });
    expect(again.status).toBe(409);
    expect((await admin.post(path()).send({ group, expectedCount: 0 })).body).toEqual({ sent: 0 });
    expect(await mailsTo('inv-b1@example.be')).toHaveLength(1);

    // Once the links have expired the slots wait again.
    await t.db
      .updateTable('co_accounts')
      .set({ invited_at: new Date(t.clock.now.getTime() - 24 * 3_600_000) })
      .where('email', 'in', ['inv-a2@example.be', 'inv-b1@example.be'])
      .execute();
    expect(await awaiting(group)).toBe(2);
  });

  it('is for admins of this school only and rejects malformed bodies without sending', async () => {
    const group = 'Uitnodigen 5C';
    await studentWithAccount(t.ctx, iid, {
      group_name: group,
      parent_emails: ['inv-d1@example.be'],
    });
    expect((await helpdesk.post(path()).send({ group, expectedCount: 1 })).status).toBe(403);
    expect(
      (await foreignAdmin.post(url.replace('$IID', iid)).send({ group, expectedCount: 1 })).status,
    ).toBe(404);
    for (const body of [
      {},
      { group, expectedCount: -1 },
      { group, expectedCount: '1' },
      { group, expectedCount: 1, extra: true },
      { group: '', expectedCount: 1 },
    ]) {
      const res = await admin.post(path()).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await mailsTo('inv-d1@example.be')).toHaveLength(0);
  });
});
