import { describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { invitationSchools } from '../../test/admin-links-support.js';
import { createAdmin, loginAs } from '../../test/factories.js';
import { linkIn } from '../../test/mail-support.js';

// Inviting a new user by mail, the invitation link and resending it. The address of another
// school's admin: join-invitations.test.ts.

const {
  t,
  school,
  otherSchool,
  admin,
  otherAdmin,
  logInBoth,
  delivered,
  info,
  submit,
  submitConcurrently,
  invite,
  invitationToken,
} = invitationSchools();

describe('POST /api/v1/institutions/:iid/admins without a password', () => {
  it("creates a pending user and mails an invitation link in the school's language, in the same transaction", async () => {
    const added = await invite(admin, school.id, { role: 'helpdesk' });
    expect(added.invitationPending).toBe(true);
    const [mail, ...more] = await delivered();
    expect(more).toHaveLength(0);
    expect(mail!.to).toEqual([added.email]);
    expect(mail!.subject).toBe('Uitnodiging voor Schoolloket – Sint-Jozefscollege');
    expect(mail!.text).toContain('Dag Sofie Vermeulen,');
    expect(mail!.text).toContain('als helpdeskmedewerker');
    expect(mail!.text).toContain('7 dagen geldig');
    const { token } = linkIn(mail!, 'uitnodiging');
    const row = await t.db
      .selectFrom('tokens')
      .selectAll()
      .where('admin_user_id', '=', added.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      purpose: 'admin_invite',
      institution_id: school.id,
      email: added.email,
      student_id: null,
    });
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(7 * 24 * 3_600_000);
    // The link is a credential: the database holds only its hash, and the outbox body is sealed.
    const dump =
      JSON.stringify(await t.db.selectFrom('tokens').selectAll().execute()) +
      JSON.stringify(await t.db.selectFrom('outbox').selectAll().execute());
    expect(dump).not.toContain(token);
  });

  it('writes the invitation in French for a French-speaking school', async () => {
    await t.db
      .updateTable('institutions')
      .set({ locale: 'fr' })
      .where('id', '=', otherSchool.id)
      .execute();
    const added = await invite(otherAdmin, otherSchool.id);
    const [mail] = await delivered();
    expect(mail!.subject).toBe('Invitation à Schoolloket – Andere school');
    expect(mail!.text).toContain('comme administrateur');
    linkIn(mail!, 'uitnodiging');
    expect(mail!.to).toEqual([added.email]);
  });

  it('sends nothing to a member of the school who has a password already', async () => {
    const member = await createAdmin(t.ctx, { institutionId: school.id });
    const again = await admin
      .post(`/api/v1/institutions/${school.id}/admins`)
      .send({ email: member.email.toUpperCase(), name: 'Ander', role: 'helpdesk' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: member.id, role: 'helpdesk', invitationPending: false });
    expect(await delivered()).toHaveLength(0);
  });
});

describe('GET and POST /api/v1/auth/password-links/:token (invitation)', () => {
  it('shows who the link is for and the school that sent it', async () => {
    const added = await invite(admin, school.id, { name: 'Lien De Smet' });
    const token = await invitationToken(added.email);
    const res = await info(token);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      purpose: 'invite',
      email: added.email,
      name: 'Lien De Smet',
      schoolName: 'Sint-Jozefscollege',
      expiresAt: new Date(t.clock.now.getTime() + 7 * 24 * 3_600_000).toISOString(),
    });
  });

  it('sets the password (no login, no cookie), after which the admin logs in and is no longer pending', async () => {
    const added = await invite();
    const token = await invitationToken(added.email);
    const res = await submit(token, 'Kastanjeboom-aan-de-Leie');
    expect(res.status).toBe(204);
    expect(res.headers['set-cookie']).toBeUndefined();
    const user = await t.db
      .selectFrom('admin_users')
      .select('password_hash')
      .where('id', '=', added.id)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const agent = await loginAs(t.request(), added.email, 'Kastanjeboom-aan-de-Leie');
    const me = await agent.get('/api/v1/auth/me');
    expect(me.body.institutions).toEqual([
      expect.objectContaining({ institutionId: school.id, role: 'admin' }),
    ]);
    const list = await admin.get(`/api/v1/institutions/${school.id}/admins`);
    expect(list.body.find((a: { id: string }) => a.id === added.id).invitationPending).toBe(false);
    // An invitation is not confirmed by mail; the link is used up.
    expect(await delivered()).toHaveLength(0);
    expect((await info(token)).status).toBe(410);
  });

  it('refuses weak passwords in the language asked, and the link keeps working', async () => {
    const added = await invite(admin, school.id, { name: 'Wannes Van den Broeck' });
    const token = await invitationToken(added.email);
    const codes = async (password: string, language = 'nl') => {
      const res = await submit(token, password, language);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      return res.body.errors as Array<{ path: string; code: string; message: string }>;
    };
    expect((await codes('kort')).map((e) => e.code)).toContain('password_too_short');
    // Long enough for a parent (8), too short for an admin (10).
    const nine = await codes('Zx9-Qw7-k');
    expect(nine).toEqual([
      {
        path: 'body.password',
        code: 'password_too_short',
        message: 'Het wachtwoord moet minstens 10 tekens lang zijn.',
      },
    ]);
    expect((await codes('password123')).map((e) => e.code)).toContain('password_common');
    const named = await codes('wannes-op-school-2024', 'fr');
    expect(named).toEqual([
      expect.objectContaining({
        code: 'password_contains_name',
        message: 'Le mot de passe ne peut pas contenir votre prénom ou votre nom.',
      }),
    ]);
    const local = added.email.split('@')[0]!;
    expect((await codes(`xx-${local}-xx-2024`, 'en')).map((e) => e.message)).toContain(
      'The password cannot contain your e-mail address.',
    );
    expect((await info(token)).status).toBe(200);
    expect(
      (
        await t.db
          .selectFrom('admin_users')
          .select('password_hash')
          .where('id', '=', added.id)
          .executeTakeFirstOrThrow()
      ).password_hash,
    ).toBeNull();
    expect((await submit(token, 'Zonnige-Tuin-Bank-73')).status).toBe(204);
  });

  it('voids a link after 10 rejected passwords', async () => {
    const added = await invite();
    const token = await invitationToken(added.email);
    for (let i = 0; i < 10; i++) expect((await submit(token, 'kort')).status).toBe(422);
    expect((await submit(token, 'Zonnige-Tuin-Bank-73')).status).toBe(410);
  });

  it('answers the same 410 for used, expired, superseded and garbled links', async () => {
    const added = await invite();
    const used = await invitationToken(added.email);
    expect((await submit(used, 'Zonnige-Tuin-Bank-73')).status).toBe(204);
    const again = await submit(used, 'Zonnige-Tuin-Bank-74');
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('link_invalid');
    expect(again.headers['content-type']).toMatch(/problem\+json/);

    const later = await invite();
    const token = await invitationToken(later.email);
    t.clock.advance(7 * 24 * 3_600_000 - 60_000);
    expect((await info(token)).status).toBe(200);
    t.clock.advance(61_000);
    const expired = await info(token);
    expect(expired.status).toBe(410);
    expect(expired.body).toEqual(again.body);
    expect((await submit(token, 'Zonnige-Tuin-Bank-73')).body).toEqual(again.body);
    await logInBoth();

    for (const garbled of ['abc', 'x'.repeat(43), `${token.slice(0, 42)}A`, '%00']) {
      const res = await info(encodeURIComponent(garbled));
      expect(res.status).toBe(410);
      expect(res.body).toEqual(again.body);
    }
  });

  it('is single use even under 20 concurrent submits', async () => {
    const added = await invite();
    const token = await invitationToken(added.email);
    const { winner, losers } = await submitConcurrently(token);
    await loginAs(t.request(), added.email, winner);
    const res = await t
      .request()
      .post('/api/v1/auth/login')
      .send({ email: added.email, password: losers[0] });
    expect(res.status).toBe(401);
  });
});

describe('POST /api/v1/institutions/:iid/admins/:userId/invitation', () => {
  const resend = (as: supertest.Agent, iid: string, userId: string) =>
    as.post(`/api/v1/institutions/${iid}/admins/${userId}/invitation`);

  it('mails a fresh link and voids the older one', async () => {
    const added = await invite();
    const old = await invitationToken(added.email);
    const res = await resend(admin, school.id, added.id);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: added.id, email: added.email, invitationPending: true });
    const fresh = await invitationToken(added.email);
    expect(fresh).not.toBe(old);
    expect((await info(old)).status).toBe(410);
    expect((await submit(old, 'Zonnige-Tuin-Bank-73')).status).toBe(410);
    expect((await info(fresh)).status).toBe(200);
    expect((await submit(fresh, 'Zonnige-Tuin-Bank-73')).status).toBe(204);
    // Now she has a password: nothing to resend.
    const done = await resend(admin, school.id, added.id);
    expect(done.status).toBe(409);
    expect(done.body.code).toBe('conflict');
    expect(await delivered()).toHaveLength(0);
  });

  it("answers 404 for a user of another school, under either school's id, and sends nothing", async () => {
    const foreign = await invite(otherAdmin, otherSchool.id);
    await delivered();
    for (const [as, iid, userId] of [
      [admin, school.id, foreign.id],
      [admin, otherSchool.id, foreign.id],
      [admin, school.id, 'not-a-uuid'],
      [admin, school.id, '00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const res = await resend(as, iid, userId);
      expect({ iid, userId, status: res.status }).toEqual({ iid, userId, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain(foreign.email);
    }
    expect(await delivered()).toHaveLength(0);
    expect((await resend(otherAdmin, otherSchool.id, foreign.id)).status).toBe(202);
    expect(await delivered()).toHaveLength(1);
  });

  it('is for admins with a session: helpdesk users get 403, anonymous callers 401', async () => {
    const added = await invite();
    await delivered();
    const helpdesk = await createAdmin(t.ctx, { institutionId: school.id, role: 'helpdesk' });
    const agent = await loginAs(t.request(), helpdesk.email);
    expect((await resend(agent, school.id, added.id)).status).toBe(403);
    expect((await resend(t.request(), school.id, added.id)).status).toBe(401);
    expect(await delivered()).toHaveLength(0);
  });
});
