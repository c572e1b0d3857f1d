import { describe, expect, it } from '@jest/globals';
import { invitationSchools } from '../../test/admin-links-support.js';
import { createAdmin, loginAs } from '../../test/factories.js';
import { linkIn } from '../../test/mail-support.js';

// Adding the address of another school's admin: the same answer as for a new address, and a
// membership only when the invited user accepts. New users: invitations.test.ts.

const { t, school, otherSchool, admin, otherAdmin, delivered, info, invite, invitationToken } =
  invitationSchools();

describe("POST /api/v1/institutions/:iid/admins with the address of another school's admin", () => {
  /** What the caller sees, minus what differs for any two requests. */
  const shape = (body: Record<string, unknown>) => ({
    ...body,
    id: typeof body.id === 'string' && /^[0-9a-f-]{36}$/.test(body.id) ? 'uuid' : body.id,
    email: 'typed',
  });

  it('answers exactly as for a new address, reveals nothing, joins nobody and leaves their links alone', async () => {
    // Someone of the other school, still pending there, and someone active there.
    const pending = await invite(otherAdmin, otherSchool.id, { name: 'Echte Naam' });
    const pendingToken = await invitationToken(pending.email);
    const active = await createAdmin(t.ctx, { institutionId: otherSchool.id });
    await loginAs(t.request(), active.email); // gives lastLoginAt a value
    const fresh = await admin
      .post(`/api/v1/institutions/${school.id}/admins`)
      .send({ email: 'nog.niemand@school.test', name: 'Getypte Naam', role: 'admin' });
    await delivered();
    for (const address of [pending.email, active.email.toUpperCase()]) {
      const res = await admin
        .post(`/api/v1/institutions/${school.id}/admins`)
        .send({ email: address, name: 'Getypte Naam', role: 'admin' });
      expect(res.status).toBe(fresh.status);
      expect(shape(res.body)).toEqual(shape(fresh.body));
      expect(res.body.email).toBe(address);
      expect([pending.id, active.id]).not.toContain(res.body.id);
      expect(JSON.stringify(res.body)).not.toMatch(/Echte Naam|Test Admin/);
    }
    // Not a member: not in the list as themselves, not in their school switcher.
    const list = (await admin.get(`/api/v1/institutions/${school.id}/admins`)).body as Array<{
      id: string;
      name: string;
      invitationPending: boolean;
      lastLoginAt: string | null;
    }>;
    expect(list.map((a) => a.id)).not.toContain(active.id);
    expect(list.map((a) => a.id)).not.toContain(pending.id);
    const typed = list.filter((a) => a.name === 'Getypte Naam');
    expect(typed).toHaveLength(3);
    for (const a of typed) expect(a).toMatchObject({ invitationPending: true, lastLoginAt: null });
    const activeMe = await (await loginAs(t.request(), active.email)).get('/api/v1/auth/me');
    expect(activeMe.body.institutions).toEqual([
      expect.objectContaining({ institutionId: otherSchool.id }),
    ]);
    // The pending user's invitation of the other school still works.
    expect((await info(pendingToken)).status).toBe(200);
    // Each of the two got a join invitation at the address they log in with.
    const mails = await delivered();
    expect(mails.map((m) => m.to[0]).sort()).toEqual([active.email, pending.email].sort());
    for (const m of mails) {
      expect(m.subject).toBe('Sint-Jozefscollege nodigt je uit in Schoolloket');
      linkIn(m, 'lidmaatschap');
    }
  });

  it('joins the school only when the invited user accepts the mailed link, with the role chosen', async () => {
    const other = await createAdmin(t.ctx, { institutionId: otherSchool.id });
    const added = await admin
      .post(`/api/v1/institutions/${school.id}/admins`)
      .send({ email: other.email, name: 'Collega', role: 'helpdesk' });
    expect(added.status).toBe(201);
    // Resending works with the id the school got, and supersedes the first link.
    const [first] = await delivered();
    const resent = await admin.post(
      `/api/v1/institutions/${school.id}/admins/${added.body.id}/invitation`,
    );
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual(added.body);
    const [mail] = await delivered();
    expect(mail!.text).toContain('als helpdeskmedewerker');
    const oldToken = linkIn(first!, 'lidmaatschap').token;
    const { token } = linkIn(mail!, 'lidmaatschap');
    expect((await t.request().get(`/api/v1/auth/join-links/${oldToken}`)).status).toBe(410);

    const page = await t.request().get(`/api/v1/auth/join-links/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toMatchObject({
      email: other.email,
      schoolName: 'Sint-Jozefscollege',
      role: 'helpdesk',
    });
    const accept = await t.request().post(`/api/v1/auth/join-links/${token}`);
    expect(accept.status).toBe(204);
    expect(accept.headers['set-cookie']).toBeUndefined();
    expect((await t.request().post(`/api/v1/auth/join-links/${token}`)).status).toBe(410);
    const me = await (await loginAs(t.request(), other.email)).get('/api/v1/auth/me');
    expect(me.body.institutions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ institutionId: school.id, role: 'helpdesk' }),
        expect.objectContaining({ institutionId: otherSchool.id, role: 'admin' }),
      ]),
    );
    const list = (await admin.get(`/api/v1/institutions/${school.id}/admins`)).body as Array<{
      id: string;
    }>;
    expect(list.map((a) => a.id)).toContain(other.id);
    expect(list.map((a) => a.id)).not.toContain(added.body.id);
  });

  it('answers 410 for a malformed or unknown join link', async () => {
    expect((await t.request().get('/api/v1/auth/join-links/abc')).status).toBe(410);
    const unknown = 'A'.repeat(43);
    expect((await t.request().post(`/api/v1/auth/join-links/${unknown}`)).status).toBe(410);
  });
});
