import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, loginAs } from '../../test/factories.js';
import type { TestApp } from '../../test/harness.js';
import type { SmtpCatcher } from '../../test/smtp-catcher.js';
import type { MailTransport } from '../../platform/mail/outbox.js';
import { createMailTestApp, linkIn, mailbox, type MailTestApp } from '../../test/mail-support.js';

let t: TestApp;
let env: MailTestApp;
let smtp: SmtpCatcher;
let transport: MailTransport;
let school: { id: string };
let otherSchool: { id: string };
let admin: supertest.Agent;
let otherAdmin: supertest.Agent;
let adminEmail: string;
let otherAdminEmail: string;

/** The school admins' sessions (again after the clock jumped past their lifetime). */
async function logInBoth() {
  admin = await loginAs(t.request(), adminEmail);
  otherAdmin = await loginAs(t.request(), otherAdminEmail);
}
const delivered = mailbox(
  () => t,
  () => smtp,
  () => transport,
);

let counter = 0;
/** Adds a new user without a password to `iid` as the school's admin; returns the API answer. */
async function invite(
  as: supertest.Agent = admin,
  iid = school.id,
  values: { name?: string; role?: 'admin' | 'helpdesk' } = {},
) {
  const email = `nieuw${++counter}@school.test`;
  const res = await as.post(`/api/v1/institutions/${iid}/admins`).send({
    email,
    name: values.name ?? 'Sofie Vermeulen',
    role: values.role ?? 'admin',
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; email: string; invitationPending: boolean };
}

async function invitationToken(email: string) {
  const mails = (await delivered()).filter((m) => m.to.includes(email));
  expect(mails).toHaveLength(1);
  return linkIn(mails[0]!, 'uitnodiging').token;
}

const info = (token: string) => t.request().get(`/api/v1/auth/password-links/${token}`);
const submit = (token: string, password: string, language = 'nl') =>
  t
    .request()
    .post(`/api/v1/auth/password-links/${token}`)
    .set('accept-language', language)
    .send({ password });

beforeAll(async () => {
  env = await createMailTestApp();
  ({ t, smtp, transport } = env);
  school = await createInstitution(t.ctx, { name: 'Sint-Jozefscollege' });
  otherSchool = await createInstitution(t.ctx, { name: 'Andere school' });
  adminEmail = (await createAdmin(t.ctx, { institutionId: school.id })).email;
  otherAdminEmail = (await createAdmin(t.ctx, { institutionId: otherSchool.id })).email;
  await logInBoth();
});
afterAll(() => env.close());

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
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => submit(token, `Parallel-wachtwoord-${i}`)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(19);
    const winner = statuses.indexOf(204);
    await loginAs(t.request(), added.email, `Parallel-wachtwoord-${winner}`);
    const loser = (winner + 1) % 20;
    const res = await t
      .request()
      .post('/api/v1/auth/login')
      .send({ email: added.email, password: `Parallel-wachtwoord-${loser}` });
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
