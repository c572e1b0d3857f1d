import { describe, expect, it } from '@jest/globals';
import { adminLinksSchool } from '../../test/admin-links-support.js';
import { createAdmin, loginAs, TEST_PASSWORD } from '../../test/factories.js';
import { linkIn } from '../../test/mail-support.js';
import { REQUEST_FLOOR_MS } from '../../platform/one-time-links/index.js';
import { ADMIN_RESET_IP_POLICY } from '../../platform/throttles/repository.js';

const { t, school, delivered, info, submit, submitConcurrently } = adminLinksSchool();

const requestReset = (email: string, locale?: string) =>
  t
    .request()
    .post('/api/v1/auth/password-resets')
    .send({ email, ...(locale ? { locale } : {}) });
const login = (email: string, password: string) =>
  t.request().post('/api/v1/auth/login').send({ email, password });

/** Asks for a reset of `email` and returns the token of the one mail that arrives. */
async function resetToken(email: string) {
  expect((await requestReset(email)).status).toBe(202);
  const mails = await delivered();
  expect(mails).toHaveLength(1);
  return linkIn(mails[0]!, 'wachtwoord').token;
}

describe('POST /api/v1/auth/password-resets', () => {
  it('answers known and unknown addresses identically, after the same minimum time, and mails only the known one', async () => {
    const known = await createAdmin(t.ctx, {
      institutionId: school.id,
      email: 'Lien.DeSmet@School.test',
    });
    const timed = async (email: string) => {
      const started = Date.now();
      const res = await requestReset(email);
      return { res, ms: Date.now() - started };
    };
    const hit = await timed(' lien.desmet@SCHOOL.test ');
    const miss = await timed('niemand@school.test');
    const garbage = await timed('geen adres');
    for (const { res, ms } of [hit, miss, garbage]) {
      expect(res.status).toBe(202);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual(hit.res.body);
      expect(ms).toBeGreaterThanOrEqual(REQUEST_FLOOR_MS - 5);
    }
    expect(hit.res.body).toEqual({
      status: 'accepted',
      message: expect.stringContaining('ongewenste mail'),
    });
    const mails = await delivered();
    expect(mails).toHaveLength(1);
    // To the stored address, not to what was typed (nodemailer lowercases the domain part).
    expect(mails[0]!.to).toEqual(['Lien.DeSmet@school.test']);
    expect(mails[0]!.subject).toBe('Nieuw wachtwoord voor Schoolloket');
    expect(mails[0]!.text).toContain('60 minuten geldig');
    const { token } = linkIn(mails[0]!, 'wachtwoord');
    const row = await t.db
      .selectFrom('tokens')
      .selectAll()
      .where('admin_user_id', '=', known.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ purpose: 'admin_reset', institution_id: null });
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(3_600_000);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('answers in the language asked and writes the mail in it', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const fr = await requestReset(admin.email, 'fr');
    const unknown = await requestReset('inconnu@school.test', 'fr');
    expect(fr.body).toEqual(unknown.body);
    expect(fr.body.message).toContain('courriers indésirables');
    const [mail] = await delivered();
    expect(mail!.subject).toBe('Nouveau mot de passe pour Schoolloket');
  });

  it('does not fold Unicode look-alikes into a match', async () => {
    await createAdmin(t.ctx, { email: 'kim@school.test', institutionId: school.id });
    // U+212A KELVIN SIGN lowercases to "k" under Unicode rules; it must not match.
    expect((await requestReset('\u212Aim@school.test')).status).toBe(202);
    expect(await delivered()).toHaveLength(0);
  });

  it('works for a platform admin without any school', async () => {
    const platform = await createAdmin(t.ctx, { platform: true });
    const token = await resetToken(platform.email);
    expect((await info(token)).body).toMatchObject({
      purpose: 'reset',
      email: platform.email,
      schoolName: null,
    });
    expect((await submit(token, 'Platform-Beheer-Nieuw-1')).status).toBe(204);
    expect((await login(platform.email, 'Platform-Beheer-Nieuw-1')).status).toBe(200);
    expect((await delivered()).map((m) => m.subject)).toEqual([
      'Je wachtwoord voor Schoolloket is gewijzigd',
    ]);
  });

  it('stops mailing one admin after five requests an hour, answering the same', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push((await requestReset(admin.email)).body);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await delivered()).toHaveLength(5);
    t.clock.advance(3_600_000 + 1);
    expect((await requestReset(admin.email)).status).toBe(202);
    expect(await delivered()).toHaveLength(1);
  });

  it('limits requests per client address (429), whatever the address asked for', async () => {
    const saved = ADMIN_RESET_IP_POLICY.maxFailures;
    ADMIN_RESET_IP_POLICY.maxFailures = 3;
    try {
      t.clock.advance(ADMIN_RESET_IP_POLICY.windowMs + 1); // a fresh window for this address
      for (let i = 0; i < 3; i++)
        expect((await requestReset(`spray${i}@school.test`)).status).toBe(202);
      t.clock.advance(60_000);
      const blocked = await requestReset('spray9@school.test');
      expect(blocked.status).toBe(429);
      // When the window ends, as a limit on requests, not as failed attempts (outside test).
      const left = Math.ceil((ADMIN_RESET_IP_POLICY.windowMs - 60_000) / 1000);
      expect(blocked.headers['retry-after']).toBe(String(left));
      expect(blocked.body).toMatchObject({
        code: 'too_many_requests',
        reason: 'too_many_link_requests',
        detail: `Te veel aanvragen vanaf dit netwerk. Probeer het over ${Math.ceil(left / 60)} minuten opnieuw.`,
      });
      t.clock.advance(ADMIN_RESET_IP_POLICY.windowMs - 60_000);
      expect((await requestReset('spray9@school.test')).status).toBe(202);
    } finally {
      ADMIN_RESET_IP_POLICY.maxFailures = saved;
    }
  });
});

describe('setting a new password through a reset link', () => {
  it('ends every session, lifts a login lockout, voids older links and confirms by mail', async () => {
    const admin = await createAdmin(t.ctx, {
      institutionId: school.id,
      email: 'reset@school.test',
    });
    const laptop = await loginAs(t.request(), admin.email);
    const phone = await loginAs(t.request(), admin.email);
    expect((await laptop.get('/api/v1/auth/me')).status).toBe(200);
    const older = await resetToken(admin.email);
    const token = await resetToken(admin.email);
    expect((await info(older)).status).toBe(410);
    const shown = await info(token);
    expect(shown.body).toEqual({
      purpose: 'reset',
      email: 'reset@school.test',
      name: 'Test Admin',
      schoolName: null,
      expiresAt: expect.any(String),
    });
    // Someone hammers the address: it is locked for the right password too.
    for (let i = 0; i < 10; i++) await login(admin.email, 'wrong-password');
    expect((await login(admin.email, TEST_PASSWORD)).status).toBe(429);

    expect((await submit(token, 'Nieuw-Schooljaar-2027')).status).toBe(204);
    expect((await laptop.get('/api/v1/auth/me')).status).toBe(401);
    expect((await phone.get('/api/v1/auth/me')).status).toBe(401);
    expect((await login(admin.email, TEST_PASSWORD)).status).toBe(401);
    expect((await login(admin.email, 'Nieuw-Schooljaar-2027')).status).toBe(200);
    const [mail, ...more] = await delivered();
    expect(more).toHaveLength(0);
    expect(mail!.to).toEqual(['reset@school.test']);
    expect(mail!.subject).toBe('Je wachtwoord voor Schoolloket is gewijzigd');
    expect(mail!.text).toContain('http://schoolloket.test/login');
    expect((await submit(token, 'Nog-Een-Wachtwoord-9')).status).toBe(410);
  });

  it('expires after one hour', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const token = await resetToken(admin.email);
    t.clock.advance(59 * 60_000);
    expect((await info(token)).status).toBe(200);
    t.clock.advance(60_001);
    expect((await info(token)).status).toBe(410);
    expect((await submit(token, 'Nieuw-Schooljaar-2027')).status).toBe(410);
  });

  it('is single use even under 20 concurrent submits', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const token = await resetToken(admin.email);
    const { winner } = await submitConcurrently(token);
    expect((await login(admin.email, winner)).status).toBe(200);
    expect(await delivered()).toHaveLength(1); // one confirmation
  });

  it('lets an invited admin who lost the invitation set a first password, voiding the invitation', async () => {
    const admin = await createAdmin(t.ctx, { institutionId: school.id });
    const agent = await loginAs(t.request(), admin.email);
    const added = await agent
      .post(`/api/v1/institutions/${school.id}/admins`)
      .send({ email: 'kwijt@school.test', name: 'Jonas Peeters', role: 'admin' });
    const [invitation] = await delivered();
    const invited = linkIn(invitation!, 'uitnodiging').token;
    const token = await resetToken('kwijt@school.test');
    expect((await info(invited)).status).toBe(410);
    expect((await submit(token, 'Eerste-Wachtwoord-88')).status).toBe(204);
    const list = await agent.get(`/api/v1/institutions/${school.id}/admins`);
    expect(list.body.find((a: { id: string }) => a.id === added.body.id).invitationPending).toBe(
      false,
    );
  });
});
