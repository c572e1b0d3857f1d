import { describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { invitationSchools } from '../../test/admin-links-support.js';
import { createAdmin, createInstitution, loginAs } from '../../test/factories.js';
import { confirmTotp } from '../../test/second-factor-support.js';

// How many link mails a school can make the shared sending domain send: per recipient (apart
// from her password resets) and per school; and the step-up for resending. Found by an outside test:
// 21 invitations to one new address and 32 join mails to another school's admin in seconds.

const { t, school, otherSchool, admin, logInBoth, delivered, invite } = invitationSchools();

const resend = (as: supertest.Agent, iid: string, userId: string) =>
  as.post(`/api/v1/institutions/${iid}/admins/${userId}/invitation`);

const addAddress = (as: supertest.Agent, iid: string, email: string) =>
  as
    .post(`/api/v1/institutions/${iid}/admins`)
    .send({ email, name: 'Getypte Naam', role: 'admin' });

/** The 429 of a mail limit: Retry-After, a Dutch detail by default, nothing sent. */
async function expectMailRefused(res: supertest.Response) {
  expect(res.status).toBe(429);
  expect(res.body.code).toBe('too_many_requests');
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  expect(res.body.detail).toContain('Er is niets verstuurd');
  expect(await delivered()).toHaveLength(0);
}

describe('limits on invitation and join mails', () => {
  it('mails one new address at most five links an hour; the sixth resend is a 429 and sends nothing', async () => {
    const added = await invite();
    for (let i = 0; i < 4; i++) expect((await resend(admin, school.id, added.id)).status).toBe(202);
    expect(await delivered()).toHaveLength(5);
    const over = await resend(admin, school.id, added.id);
    await expectMailRefused(over);
    // The last link mailed still works: the refused resend voided nothing.
    const open = await t.db
      .selectFrom('tokens')
      .select('id')
      .where('admin_user_id', '=', added.id)
      .where('revoked_at', 'is', null)
      .execute();
    expect(open).toHaveLength(1);
    const en = await resend(admin, school.id, added.id).set('accept-language', 'en');
    expect(en.status).toBe(429);
    expect(en.body.detail).toContain('Nothing was sent');
    // Resets are counted apart (review): a school's invitations never hold up the person's own
    // password resets.
    expect(
      (await t.request().post('/api/v1/auth/password-resets').send({ email: added.email })).status,
    ).toBe(202);
    expect((await delivered()).map((m) => m.subject)).toEqual([
      'Nieuw wachtwoord voor Schoolloket',
    ]);
    t.clock.advance(3_600_000 + 1_000);
    await logInBoth();
    expect((await resend(admin, school.id, added.id)).status).toBe(202);
    expect(await delivered()).toHaveLength(1);
  });

  it("counts join mails to another school's admin under the same limit, also in a parallel burst", async () => {
    const other = await createAdmin(t.ctx, { institutionId: otherSchool.id });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => addAddress(admin, school.id, other.email)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect((await delivered()).filter((m) => m.to.includes(other.email))).toHaveLength(5);
    await expectMailRefused(await addAddress(admin, school.id, other.email));
    // Another school's join mails do not hold up her own password reset (review: five re-adds
    // used to silence it for an hour).
    await t.request().post('/api/v1/auth/password-resets').send({ email: other.email });
    expect((await delivered()).map((m) => m.subject)).toEqual([
      'Nieuw wachtwoord voor Schoolloket',
    ]);
  });

  it('caps the invitation mails of one school an hour; other schools keep inviting', async () => {
    const busy = await createInstitution(t.ctx, { name: 'Drukke school' });
    const busyAdmin = await loginAs(
      t.request(),
      (await createAdmin(t.ctx, { institutionId: busy.id })).email,
    );
    for (let i = 0; i < 30; i++)
      expect((await addAddress(busyAdmin, busy.id, `massa${i}@school.test`)).status).toBe(201);
    // The outbox delivers in batches: two rounds.
    expect([...(await delivered()), ...(await delivered())]).toHaveLength(30);
    const over = await addAddress(busyAdmin, busy.id, 'massa30@school.test');
    await expectMailRefused(over);
    // Nothing was added either.
    const list = await busyAdmin.get(`/api/v1/institutions/${busy.id}/admins`);
    expect(list.body.map((a: { email: string }) => a.email)).not.toContain('massa30@school.test');
    expect((await invite(admin, school.id)).invitationPending).toBe(true);
    expect(await delivered()).toHaveLength(1);
  });

  it('needs a recent second factor to resend an invitation, as adding an admin does', async () => {
    const careful = await createAdmin(t.ctx, { institutionId: school.id });
    const agent = await loginAs(t.request(), careful.email);
    await confirmTotp(t, agent);
    const added = await invite(agent, school.id);
    await delivered();
    t.clock.advance(16 * 60_000);
    const stale = await resend(agent, school.id, added.id);
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe('step_up_required');
    expect(await delivered()).toHaveLength(0);
  });
});
