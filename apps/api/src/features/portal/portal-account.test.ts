import { describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { storedAccount } from '../../test/factories.js';
import { activeCoAccount, appSignIn, type AccountOptions } from '../../test/portal-factories.js';
import { portalSchool } from '../../test/portal-support.js';
import { deliverOutbox } from '../../platform/mail/outbox.js';

// After the login: the first password change of advanced students, own passwords and e-mail,
// the password change as an oracle, and sessions.

const { t, login, events, studentWithAccount: withAccount } = portalSchool();

/** The account of an advanced student who chose this password already. */
const ownPassword = (password: string): AccountOptions => ({
  type: 'advanced',
  kind: 'own',
  password,
  mustChange: false,
});

/** The password change of the person logged in on the agent. */
const changePassword = (agent: supertest.Agent, currentPassword: string, newPassword: string) =>
  agent.post('/api/v1/portal/password').send({ currentPassword, newPassword });

describe('advanced students: first login and own password', () => {
  it('forces the first password change before anything else, then allows the e-mail', async () => {
    const { student, username } = await withAccount(
      { first_name: 'Yasmine', last_name: 'Lambrechts' },
      { type: 'advanced', kind: 'temporary', password: 'Tq7mNx4p' },
    );
    const agent = t.request();
    const res = await login({ username, password: 'Tq7mNx4p' }, agent);
    expect(res.body).toEqual({ role: 'student', mustChangePassword: true });
    expect((await agent.get('/api/v1/portal/me')).body).toMatchObject({
      mustChangePassword: true,
      canChangePassword: true,
      canSetEmail: true,
    });
    const blocked = await agent.put('/api/v1/portal/email').send({ email: 'yasmine@example.be' });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('must_change_password');

    const change = (currentPassword: string, newPassword: string, lang = 'nl') =>
      agent
        .post('/api/v1/portal/password')
        .set('accept-language', lang)
        .send({ currentPassword, newPassword });
    const wrong = await change('Tq7mNx4q', 'Een-goed-wachtwoord-7');
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0]).toMatchObject({
      path: 'body.currentPassword',
      code: 'current_password_wrong',
    });
    const weak = await change('Tq7mNx4p', 'kort', 'en');
    expect(weak.body.errors).toEqual([
      expect.objectContaining({
        code: 'password_too_short',
        message: 'The password must be at least 8 characters long.',
      }),
    ]);
    expect(
      (await change('Tq7mNx4p', `${username}!`)).body.errors.map((e: { code: string }) => e.code),
    ).toContain('password_contains_username');
    expect(
      (await change('Tq7mNx4p', 'password1')).body.errors.map((e: { code: string }) => e.code),
    ).toContain('password_common');

    const done = await change('Tq7mNx4p', 'Mijn-eigen-geheim-42');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ mustChangePassword: false });
    const account = await storedAccount(t, student.id);
    expect(account).toMatchObject({
      must_change: false,
      secret_enc: null,
      password_kind: 'own',
      temporary_expires_at: null,
    });
    expect((await events(student.id)).map((e) => e.kind)).toContain('first_password_change');

    const email = await agent.put('/api/v1/portal/email').send({ email: 'yasmine@example.be' });
    expect(email.status).toBe(200);
    expect(email.body.email).toBe('yasmine@example.be');
    expect((await events(student.id)).at(-1)!.kind).toBe('email_added');

    expect((await login({ username, password: 'Tq7mNx4p' })).status).toBe(401);
    expect(
      (await login({ username, password: 'Mijn-eigen-geheim-42' })).body.mustChangePassword,
    ).toBe(false);
  });

  it('ends the other sessions when a password changes', async () => {
    const { username } = await withAccount({}, ownPassword('Eerste-geheim-1'));
    const here = t.request();
    const there = t.request();
    await login({ username, password: 'Eerste-geheim-1' }, here);
    await login({ username, password: 'Eerste-geheim-1' }, there);
    expect((await changePassword(here, 'Eerste-geheim-1', 'Tweede-geheim-2')).status).toBe(200);
    expect((await here.get('/api/v1/portal/me')).status).toBe(200);
    expect((await there.get('/api/v1/portal/me')).status).toBe(401);
  });

  it('of two changes at the same moment only the first is made; the other gets 409', async () => {
    const { username } = await withAccount({}, ownPassword('Eerste-geheim-1'));
    const agent = t.request();
    await login({ username, password: 'Eerste-geheim-1' }, agent);
    const answers = await Promise.all(
      ['Tweede-geheim-2', 'Derde-geheim-3'].map((newPassword) =>
        changePassword(agent, 'Eerste-geheim-1', newPassword),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = answers[0]!.status === 200 ? 'Tweede-geheim-2' : 'Derde-geheim-3';
    const lost = won === 'Tweede-geheim-2' ? 'Derde-geheim-3' : 'Tweede-geheim-2';
    expect((await login({ username, password: won }, t.request())).status).toBe(200);
    expect((await login({ username, password: lost }, t.request())).status).toBe(401);
  });

  it('does not let a basic student change the password or add an e-mail', async () => {
    const { username } = await withAccount({}, { kind: 'word', password: 'zon123' });
    const agent = t.request();
    await login({ username, password: 'zon123' }, agent);
    expect((await changePassword(agent, 'zon123', 'Een-goed-wachtwoord-7')).status).toBe(403);
    expect(
      (await agent.put('/api/v1/portal/email').send({ email: 'kind@example.be' })).status,
    ).toBe(403);
  });

  it("lets a parent change the password under the parent rules, never to the child's", async () => {
    const { student, username } = await withAccount(
      { first_name: 'Bram', parent_emails: ['ouder@example.be'] },
      ownPassword('Kind-geheim-2024'),
    );
    await activeCoAccount(t.ctx, student, 1, 'Ouder-wachtwoord-1');
    const agent = t.request();
    await login({ username, password: 'Ouder-wachtwoord-1' }, agent);
    const ambiguous = await changePassword(agent, 'Ouder-wachtwoord-1', 'Kind-geheim-2024');
    expect(ambiguous.body.errors).toEqual([
      expect.objectContaining({ code: 'password_not_allowed' }),
    ]);
    expect(ambiguous.body.detail).not.toMatch(/gebruikersnaam|username/i);
    const named = await changePassword(agent, 'Ouder-wachtwoord-1', 'papa-van-bram-1');
    expect(named.body.errors.map((e: { code: string }) => e.code)).toContain(
      'password_contains_name',
    );
    const ok = await changePassword(agent, 'Ouder-wachtwoord-1', 'Zonnebloem-Veld-8');
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('parent');
    const mails = await t.db
      .selectFrom('outbox')
      .select(['recipient', 'template'])
      .where('template', '=', 'co_account_password_changed')
      .execute();
    expect(mails).toEqual([
      { recipient: 'ouder@example.be', template: 'co_account_password_changed' },
    ]);
    expect((await login({ username, password: 'Zonnebloem-Veld-8' })).body.role).toBe('parent');
    await deliverOutbox(t.ctx, undefined, { info: () => undefined, warn: () => undefined });
  });
});

describe('the password change as an oracle', () => {
  it("counts setting another credential's password as a failed login against the username", async () => {
    const { student, username } = await withAccount(
      { parent_emails: ['a@example.be', 'b@example.be'] },
      { kind: 'word', password: 'ree482' },
    );
    await activeCoAccount(t.ctx, student, 1, 'Eerste-Ouder-11');
    await activeCoAccount(t.ctx, student, 2, 'Tweede-Ouder-22');
    const agent = t.request();
    await login({ username, password: 'Tweede-Ouder-22' }, agent);
    const session = ([] as string[])
      .concat(
        (await login({ username, password: 'Tweede-Ouder-22' }, agent)).headers['set-cookie'] ?? [],
      )
      .find((c) => c.startsWith('sl_portal='))!
      .split(';')[0]!;
    // Parent 2 guesses parent 1's password from a browser without a device cookie (the session
    // cookie alone): each hit counts for the username like a wrong login.
    const guess = (newPassword: string) =>
      t
        .request()
        .post('/api/v1/portal/password')
        .set('cookie', session)
        .send({ currentPassword: 'Tweede-Ouder-22', newPassword });
    for (let i = 0; i < 9; i++)
      expect((await login({ username, password: `fout-${i}` })).status).toBe(401);
    const hit = await guess('Eerste-Ouder-11');
    expect(hit.status).toBe(422);
    expect(hit.body.errors.map((e: { code: string }) => e.code)).toEqual(['password_not_allowed']);
    expect((await login({ username, password: 'Eerste-Ouder-11' })).status).toBe(429);
    expect((await guess('Eerste-Ouder-12')).status).toBe(429);
  });
});

describe('portal sessions', () => {
  it('logs out, and ends a session when the student is blocked', async () => {
    const { student, username } = await withAccount({}, { kind: 'word', password: 'ree777' });
    const agent = t.request();
    await login({ username, password: 'ree777' }, agent);
    expect((await agent.post('/api/v1/portal/logout')).status).toBe(204);
    expect((await agent.get('/api/v1/portal/me')).status).toBe(401);
    await login({ username, password: 'ree777' }, agent);
    await t.db
      .updateTable('accounts')
      .set({ blocked_at: t.clock.now })
      .where('student_id', '=', student.id)
      .execute();
    expect((await agent.get('/api/v1/portal/me')).status).toBe(401);
  });

  it('refuses cross-site login posts', async () => {
    const res = await t
      .request()
      .post('/api/v1/portal/login')
      .set('origin', 'https://evil.example')
      .send({ username: 'a', password: 'b' });
    expect(res.status).toBe(403);
  });
});

// After the other password tests: the parent's change queues a mail they count.
describe('POST /api/v1/portal/password and app sign-ins', () => {
  it("ends the person's app sign-ins on a password change, student and parent alike", async () => {
    const { student, username } = await withAccount(
      { parent_emails: ['ouder@example.be'] },
      ownPassword('Eerste-geheim-1'),
    );
    await activeCoAccount(t.ctx, student, 1, 'Ouder-wachtwoord-1');
    const studentsApp = await appSignIn(t.ctx, `s.${student.id}`);
    const parentsApp = await appSignIn(t.ctx, `p.${student.id}.1`);
    const change = async (current: string, next: string) => {
      const agent = t.request();
      await login({ username, password: current }, agent);
      const res = await changePassword(agent, current, next);
      expect(res.status).toBe(200);
      expect((await agent.get('/api/v1/portal/me')).status).toBe(200);
    };
    await change('Eerste-geheim-1', 'Tweede-geheim-2');
    expect([await studentsApp(), await parentsApp()]).toEqual([0, 3]);
    await change('Ouder-wachtwoord-1', 'Zonnebloem-Veld-8');
    expect(await parentsApp()).toBe(0);
  });
});
