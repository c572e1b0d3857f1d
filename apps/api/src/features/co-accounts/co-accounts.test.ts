import { describe, expect, it } from '@jest/globals';
import { coAccountsSchool } from '../../test/co-accounts-support.js';
import { createStudent, storedStudent } from '../../test/factories.js';
import { quiet } from '../../test/mail-support.js';
import { activeCoAccount, portalLogin, studentWithAccount } from '../../test/portal-factories.js';
import { deliverOutbox } from '../../platform/mail/outbox.js';

// A student's co-account slots: the registered e-mails, the invitation, revoking. A school's
// overview and mailing a group: co-accounts-overview.test.ts.

const { t, smtp, transport, school, otherSchool, admin, helpdesk, foreignAdmin, base } =
  coAccountsSchool();

describe('GET /api/v1/institutions/:iid/students/:sid/co-accounts', () => {
  it('lists the slots with the registered e-mails, also in the student detail', async () => {
    const s = await createStudent(t.ctx, school.id, { parent_emails: ['mama@example.be'] });
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
    const detail = await admin.get(`/api/v1/institutions/${school.id}/students/${s.id}`);
    expect(detail.body.coAccounts).toEqual(res.body);
  });

  it('answers 404 across schools and for a malformed id', async () => {
    const s = await createStudent(t.ctx, school.id);
    expect((await foreignAdmin.get(base(s.id, otherSchool.id))).status).toBe(404);
    expect((await foreignAdmin.get(base(s.id))).status).toBe(404);
    expect((await admin.get(base('not-a-uuid'))).status).toBe(404);
    expect(
      (await foreignAdmin.put(`${base(s.id, otherSchool.id)}/1`).send({ email: 'x@example.be' }))
        .status,
    ).toBe(404);
  });
});

describe('PUT /api/v1/institutions/:iid/students/:sid/co-accounts/:slot', () => {
  it('registers an e-mail into parentEmails and records the event', async () => {
    const s = await createStudent(t.ctx, school.id, { parent_emails: ['mama@example.be'] });
    const res = await admin.put(`${base(s.id)}/2`).send({ email: 'papa@example.be' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ slot: 2, email: 'papa@example.be', state: 'registered' });
    const row = await storedStudent(t, s.id);
    expect(row.parent_emails).toEqual(['mama@example.be', 'papa@example.be']);
    const events = await admin.get(`/api/v1/institutions/${school.id}/students/${s.id}/history`);
    expect(events.body.items[0]).toMatchObject({
      kind: 'co_account_registered',
      detail: { slot: 2, email: 'papa@example.be' },
    });
  });

  it('refuses a slot beyond the school setting, a gap, and the same address in two slots', async () => {
    const s = await createStudent(t.ctx, school.id, { parent_emails: ['mama@example.be'] });
    expect((await admin.put(`${base(s.id)}/3`).send({ email: 'x@example.be' })).status).toBe(404);
    const empty = await createStudent(t.ctx, school.id);
    const gap = await admin.put(`${base(empty.id)}/2`).send({ email: 'x@example.be' });
    expect(gap.status).toBe(422);
    expect(gap.body.errors[0].code).toBe('slot_gap');
    const dup = await admin.put(`${base(s.id)}/2`).send({ email: 'MAMA@example.be' });
    expect(dup.status).toBe(409);
    expect((await admin.put(`${base(s.id)}/1`).send({ email: 'not an email' })).status).toBe(400);
  });

  it('keeps an active co-account working when its e-mail changes, and voids links sent before', async () => {
    const { student, username } = await studentWithAccount(t.ctx, school.id, {
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
    const { student, username } = await studentWithAccount(t.ctx, school.id, {
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
    const events = await admin.get(
      `/api/v1/institutions/${school.id}/students/${student.id}/history`,
    );
    expect(events.body.items[0]).toMatchObject({
      kind: 'co_account_invited',
      actor: { kind: 'admin' },
    });
  });

  it('refuses without a registered e-mail, without an account and for a blocked student', async () => {
    const { student } = await studentWithAccount(t.ctx, school.id);
    expect((await admin.post(`${base(student.id)}/1/invitation`)).status).toBe(409);
    const noAccount = await createStudent(t.ctx, school.id, { parent_emails: ['a@example.be'] });
    expect((await admin.post(`${base(noAccount.id)}/1/invitation`)).status).toBe(409);
    const blocked = await studentWithAccount(
      t.ctx,
      school.id,
      { parent_emails: ['a@example.be'] },
      { blocked: true },
    );
    expect((await admin.post(`${base(blocked.student.id)}/1/invitation`)).status).toBe(409);
  });

  it('is not allowed for a helpdesk user to change or revoke', async () => {
    const s = await createStudent(t.ctx, school.id, { parent_emails: ['a@example.be'] });
    expect((await helpdesk.put(`${base(s.id)}/1`).send({ email: 'b@example.be' })).status).toBe(
      403,
    );
    expect((await helpdesk.delete(`${base(s.id)}/1`)).status).toBe(403);
  });
});

describe('DELETE /api/v1/institutions/:iid/students/:sid/co-accounts/:slot', () => {
  it('revokes: the password stops working, sessions end, links die; PUT registers again', async () => {
    const { student, username } = await studentWithAccount(t.ctx, school.id, {
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
