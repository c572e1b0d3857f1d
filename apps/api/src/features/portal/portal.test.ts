import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_GRID } from '@schoolloket/core';
import { createInstitution } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { activeCoAccount, appSignIn, studentWithAccount } from '../../test/portal-factories.js';
import { deliverOutbox } from '../../platform/mail/outbox.js';
import { IP_POLICY } from '../../platform/throttles/repository.js';

let t: TestApp;
let iid: string;
const login = (body: Record<string, unknown>, agent = t.request()) =>
  agent.post('/api/v1/portal/login').send(body);
const events = (sid: string) =>
  t.db
    .selectFrom('account_events')
    .selectAll()
    .where('student_id', '=', sid)
    .orderBy('id')
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  iid = (await createInstitution(t.ctx, { name: 'Basisschool Het Anker' })).id;
});
afterAll(() => t.close());

describe('POST /api/v1/portal/login', () => {
  it('logs a student in with a word password, tolerating capitals and spaces around the name', async () => {
    const { student, username } = await studentWithAccount(
      t.ctx,
      iid,
      { first_name: 'Zoë' },
      { kind: 'word', password: 'zal659' },
    );
    const agent = t.request();
    const res = await login(
      { username: `  ${username.toUpperCase()} `, password: 'Zal659' },
      agent,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ role: 'student', mustChangePassword: false });
    expect(res.headers['set-cookie']?.[0]).toMatch(/^sl_portal=.*HttpOnly.*SameSite=Lax/i);
    const me = await agent.get('/api/v1/portal/me');
    expect(me.body).toMatchObject({
      role: 'student',
      slot: null,
      username,
      firstName: 'Zoë',
      schoolName: 'Basisschool Het Anker',
      canChangePassword: false,
    });
    const account = await t.db
      .selectFrom('accounts')
      .select('last_login_at')
      .where('student_id', '=', student.id)
      .executeTakeFirstOrThrow();
    expect(account.last_login_at).toEqual(t.clock.now);
    expect((await events(student.id)).map((e) => [e.kind, e.actor_kind])).toEqual([
      ['login', 'student'],
    ]);
  });

  it('logs a young student in with pictures in the right order only', async () => {
    const pictures = [
      DEFAULT_GRID[3]!,
      DEFAULT_GRID[0]!,
      DEFAULT_GRID[3]!,
      DEFAULT_GRID[7]!,
      DEFAULT_GRID[12]!,
    ];
    const { username } = await studentWithAccount(t.ctx, iid, {}, { kind: 'picture', pictures });
    expect((await login({ username, pictures: [...pictures].reverse() })).status).toBe(401);
    expect((await login({ username, pictures: pictures.slice(0, 4) })).status).toBe(401);
    const res = await login({ username, pictures });
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('student');
  });

  it("decides the role by the matching credential: the parent logs in with the child's username", async () => {
    const { student, username } = await studentWithAccount(
      t.ctx,
      iid,
      { parent_emails: ['a@example.be', 'b@example.be'] },
      { kind: 'word', password: 'bos427' },
    );
    await activeCoAccount(t.ctx, student, 2, 'Tweede-Ouder-99');
    const agent = t.request();
    const res = await login({ username, password: 'Tweede-Ouder-99' }, agent);
    expect(res.body).toEqual({ role: 'parent', slot: 2, mustChangePassword: false });
    const me = await agent.get('/api/v1/portal/me');
    expect(me.body).toMatchObject({
      role: 'parent',
      slot: 2,
      username,
      firstName: student.first_name,
      email: 'b@example.be',
      canChangePassword: true,
      canSetEmail: false,
    });
    const row = await t.db
      .selectFrom('co_accounts')
      .select('last_login_at')
      .where('student_id', '=', student.id)
      .executeTakeFirstOrThrow();
    expect(row.last_login_at).toEqual(t.clock.now);
    expect((await events(student.id)).at(-1)).toMatchObject({
      kind: 'login',
      actor_kind: 'parent',
      detail: { role: 'parent', slot: 2 },
    });
    expect((await login({ username, password: 'bos427' })).body.role).toBe('student');
  });

  it('answers every failure with the identical 401', async () => {
    const ok = await studentWithAccount(
      t.ctx,
      iid,
      { parent_emails: ['p@example.be'] },
      { kind: 'word', password: 'kip358' },
    );
    const blocked = await studentWithAccount(
      t.ctx,
      iid,
      {},
      { kind: 'word', password: 'kip358', blocked: true },
    );
    const inactive = await studentWithAccount(
      t.ctx,
      iid,
      { enrolled_until: '2020-06-30' },
      { kind: 'word', password: 'kip358' },
    );
    const expired = await studentWithAccount(
      t.ctx,
      iid,
      {},
      {
        type: 'advanced',
        kind: 'temporary',
        password: 'Tq7mNx4p',
        temporaryExpiresAt: new Date(t.clock.now.getTime() - 1000),
      },
    );
    const inactiveParent = await studentWithAccount(
      t.ctx,
      iid,
      { enrolled_until: '2020-06-30', parent_emails: ['p@example.be'] },
      { kind: 'word', password: 'kip358' },
    );
    await activeCoAccount(t.ctx, inactiveParent.student, 1, 'Ouder-wachtwoord-1');
    const answers = [
      await login({ username: 'nobody.at.all', password: 'kip358' }),
      await login({ username: ok.username, password: 'kip359' }),
      await login({ username: ok.username, pictures: [DEFAULT_GRID[0]] }),
      await login({ username: blocked.username, password: 'kip358' }),
      await login({ username: inactive.username, password: 'kip358' }),
      await login({ username: expired.username, password: 'Tq7mNx4p' }),
      await login({ username: inactiveParent.username, password: 'Ouder-wachtwoord-1' }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.body).toEqual(answers[0]!.body);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(answers[0]!.body).toEqual({
      type: 'https://schoolloket.be/problems/invalid_credentials',
      title: 'Aanmelden mislukt',
      status: 401,
      detail: 'De gebruikersnaam of het wachtwoord is niet juist.',
      code: 'invalid_credentials',
    });
  });

  it('locks a username after 10 failures across the student and the parents, growing 1, 2, 4 minutes', async () => {
    const { student, username } = await studentWithAccount(
      t.ctx,
      iid,
      { parent_emails: ['p@example.be'] },
      { kind: 'word', password: 'uil246' },
    );
    await activeCoAccount(t.ctx, student, 1, 'Ouder-wachtwoord-1');
    for (let i = 0; i < 9; i++)
      expect((await login({ username, password: `fout-${i}` })).status).toBe(401);
    // The 10th failure, with pictures this time, still counts for the same username.
    expect((await login({ username, pictures: [DEFAULT_GRID[1]] })).status).toBe(401);
    const locked = await login({ username, password: 'Ouder-wachtwoord-1' });
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('60');
    expect((await login({ username: username.toUpperCase(), password: 'uil246' })).status).toBe(
      429,
    );
    expect((await events(student.id)).map((e) => e.kind)).toContain('login_locked');

    t.clock.advance(61_000);
    expect((await login({ username, password: 'nog-fout' })).status).toBe(401);
    const second = await login({ username, password: 'uil246' });
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('120');
    t.clock.advance(121_000);
    await login({ username, password: 'weer-fout' });
    expect((await login({ username, password: 'uil246' })).headers['retry-after']).toBe('240');

    // After the lock a correct login works and resets the counter.
    t.clock.advance(241_000);
    expect((await login({ username, password: 'Ouder-wachtwoord-1' })).body.role).toBe('parent');
    expect((await login({ username, password: 'een-fout' })).status).toBe(401);
    expect((await login({ username, password: 'uil246' })).status).toBe(200);
  });

  it('locks unknown usernames the same way, so a lock tells nothing about existence', async () => {
    for (let i = 0; i < 10; i++) await login({ username: 'ghost.user', password: `x${i}` });
    const res = await login({ username: 'ghost.user', password: 'x' });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('too_many_requests');
  });

  it('lets 30 students behind one school address log in within a minute, typos included', async () => {
    const kids = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        studentWithAccount(
          t.ctx,
          iid,
          { group_name: '2B' },
          { kind: 'word', password: `vis${100 + i}` },
        ),
      ),
    );
    const results = await Promise.all(
      kids.map(async ({ username }, i) => {
        await login({ username, password: `vis${100 + i}x` });
        await login({ username, password: `vjs${100 + i}` });
        return (await login({ username, password: `vis${100 + i}` })).status;
      }),
    );
    expect(results).toEqual(Array(30).fill(200));
  });

  it('applies a per-address limit on failures across usernames', async () => {
    const saved = IP_POLICY.maxFailures;
    IP_POLICY.maxFailures = 5;
    try {
      const { username } = await studentWithAccount(
        t.ctx,
        iid,
        {},
        { kind: 'word', password: 'mol555' },
      );
      t.clock.advance(IP_POLICY.windowMs + 1); // a fresh window for this address
      for (let i = 0; i < 5; i++)
        expect((await login({ username: `spray${i}`, password: 'x' })).status).toBe(401);
      expect((await login({ username, password: 'mol555' })).status).toBe(429);
      t.clock.advance(IP_POLICY.windowMs);
      expect((await login({ username, password: 'mol555' })).status).toBe(200);
    } finally {
      IP_POLICY.maxFailures = saved;
    }
  });

  it('validates the body', async () => {
    expect((await login({ username: 'a' })).status).toBe(400);
    expect((await login({ username: 'a', password: 'b', pictures: ['dog'] })).status).toBe(400);
    expect((await login({ username: 'a', password: 'b', extra: 1 })).status).toBe(400);
    expect(
      (
        await t
          .request()
          .post('/api/v1/portal/login')
          .send({ username: 'a', password: 'b'.repeat(6000) })
      ).status,
    ).toBe(413);
  });
});

describe('advanced students: first login and own password', () => {
  it('forces the first password change before anything else, then allows the e-mail', async () => {
    const { student, username } = await studentWithAccount(
      t.ctx,
      iid,
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
    const account = await t.db
      .selectFrom('accounts')
      .selectAll()
      .where('student_id', '=', student.id)
      .executeTakeFirstOrThrow();
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
    const { username } = await studentWithAccount(
      t.ctx,
      iid,
      {},
      { type: 'advanced', kind: 'own', password: 'Eerste-geheim-1', mustChange: false },
    );
    const here = t.request();
    const there = t.request();
    await login({ username, password: 'Eerste-geheim-1' }, here);
    await login({ username, password: 'Eerste-geheim-1' }, there);
    expect(
      (
        await here
          .post('/api/v1/portal/password')
          .send({ currentPassword: 'Eerste-geheim-1', newPassword: 'Tweede-geheim-2' })
      ).status,
    ).toBe(200);
    expect((await here.get('/api/v1/portal/me')).status).toBe(200);
    expect((await there.get('/api/v1/portal/me')).status).toBe(401);
  });

  it('does not let a basic student change the password or add an e-mail', async () => {
    const { username } = await studentWithAccount(
      t.ctx,
      iid,
      {},
      { kind: 'word', password: 'zon123' },
    );
    const agent = t.request();
    await login({ username, password: 'zon123' }, agent);
    expect(
      (
        await agent
          .post('/api/v1/portal/password')
          .send({ currentPassword: 'zon123', newPassword: 'Een-goed-wachtwoord-7' })
      ).status,
    ).toBe(403);
    expect(
      (await agent.put('/api/v1/portal/email').send({ email: 'kind@example.be' })).status,
    ).toBe(403);
  });

  it("lets a parent change the password under the parent rules, never to the child's", async () => {
    const { student, username } = await studentWithAccount(
      t.ctx,
      iid,
      { first_name: 'Bram', parent_emails: ['ouder@example.be'] },
      { type: 'advanced', kind: 'own', password: 'Kind-geheim-2024', mustChange: false },
    );
    await activeCoAccount(t.ctx, student, 1, 'Ouder-wachtwoord-1');
    const agent = t.request();
    await login({ username, password: 'Ouder-wachtwoord-1' }, agent);
    const ambiguous = await agent
      .post('/api/v1/portal/password')
      .send({ currentPassword: 'Ouder-wachtwoord-1', newPassword: 'Kind-geheim-2024' });
    expect(ambiguous.body.errors).toEqual([
      expect.objectContaining({ code: 'password_not_allowed' }),
    ]);
    expect(ambiguous.body.detail).not.toMatch(/gebruikersnaam|username/i);
    const named = await agent
      .post('/api/v1/portal/password')
      .send({ currentPassword: 'Ouder-wachtwoord-1', newPassword: 'papa-van-bram-1' });
    expect(named.body.errors.map((e: { code: string }) => e.code)).toContain(
      'password_contains_name',
    );
    const ok = await agent
      .post('/api/v1/portal/password')
      .send({ currentPassword: 'Ouder-wachtwoord-1', newPassword: 'Zonnebloem-Veld-8' });
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
    const { student, username } = await studentWithAccount(
      t.ctx,
      iid,
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
    const { student, username } = await studentWithAccount(
      t.ctx,
      iid,
      {},
      { kind: 'word', password: 'ree777' },
    );
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

describe('GET /api/v1/pictures', () => {
  it('lists the grid in its fixed order with names and image URLs, and serves the PNGs', async () => {
    const res = await t.request().get('/api/v1/pictures');
    expect(res.status).toBe(200);
    expect(res.body.map((p: { id: string }) => p.id)).toEqual([...DEFAULT_GRID]);
    expect(res.body[0]).toEqual({
      id: DEFAULT_GRID[0],
      names: expect.objectContaining({
        nl: expect.any(String),
        fr: expect.any(String),
        en: expect.any(String),
      }),
      imageUrl: `/api/v1/pictures/${DEFAULT_GRID[0]}.png`,
    });
    const png = await t.request().get(res.body[0].imageUrl).buffer(true);
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect((await t.request().get('/api/v1/pictures/unicorn.png')).status).toBe(404);
    expect(
      (await t.request().get('/api/v1/pictures/..%2Fsecret.png')).status,
    ).toBeGreaterThanOrEqual(400);
  });
});

// After the other password tests: the parent's change queues a mail they count.
describe('POST /api/v1/portal/password and app sign-ins', () => {
  it("ends the person's app sign-ins on a password change, student and parent alike", async () => {
    const { student, username } = await studentWithAccount(
      t.ctx,
      iid,
      { parent_emails: ['ouder@example.be'] },
      { type: 'advanced', kind: 'own', password: 'Eerste-geheim-1', mustChange: false },
    );
    await activeCoAccount(t.ctx, student, 1, 'Ouder-wachtwoord-1');
    const studentsApp = await appSignIn(t.ctx, `s.${student.id}`);
    const parentsApp = await appSignIn(t.ctx, `p.${student.id}.1`);
    const change = async (current: string, next: string) => {
      const agent = t.request();
      await login({ username, password: current }, agent);
      const res = await agent
        .post('/api/v1/portal/password')
        .send({ currentPassword: current, newPassword: next });
      expect(res.status).toBe(200);
      expect((await agent.get('/api/v1/portal/me')).status).toBe(200);
    };
    await change('Eerste-geheim-1', 'Tweede-geheim-2');
    expect([await studentsApp(), await parentsApp()]).toEqual([0, 3]);
    await change('Ouder-wachtwoord-1', 'Zonnebloem-Veld-8');
    expect(await parentsApp()).toBe(0);
  });
});
