import { describe, expect, it } from '@jest/globals';
import { DEFAULT_GRID } from '@schoolloket/core';
import { storedAccount } from '../../test/factories.js';
import { activeCoAccount } from '../../test/portal-factories.js';
import { portalSchool } from '../../test/portal-support.js';
import { IP_POLICY } from '../../platform/throttles/repository.js';

// Logging in to the portal (students with words or pictures, parents with the child's username)
// and its lockouts; the picture grid. Passwords and sessions after: portal-account.test.ts.

const { t, login, events, studentWithAccount } = portalSchool();

describe('POST /api/v1/portal/login', () => {
  it('logs a student in with a word password, tolerating capitals and spaces around the name', async () => {
    const { student, username } = await studentWithAccount(
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
    const account = await storedAccount(t, student.id);
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
    const { username } = await studentWithAccount({}, { kind: 'picture', pictures });
    expect((await login({ username, pictures: [...pictures].reverse() })).status).toBe(401);
    expect((await login({ username, pictures: pictures.slice(0, 4) })).status).toBe(401);
    const res = await login({ username, pictures });
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('student');
  });

  it('ends a parent session on a slot the school no longer has, and shows the parent their own address', async () => {
    const { student, username } = await studentWithAccount(
      { parent_emails: ['a@example.be', 'b@example.be'] },
      { kind: 'word', password: 'bos427' },
    );
    await activeCoAccount(t.ctx, student, 2, 'Tweede-Ouder-99');
    const agent = t.request();
    expect((await login({ username, password: 'Tweede-Ouder-99' }, agent)).status).toBe(200);
    // The school's list put another address on slot 2 (found by an outside review: the parent
    // was shown that address as theirs).
    await t.db
      .updateTable('students')
      .set({ parent_emails: ['a@example.be', 'c@example.be'] })
      .where('id', '=', student.id)
      .execute();
    expect((await agent.get('/api/v1/portal/me')).body.email).toBe('b@example.be');
    // The school lowers its number of co-accounts to 1: slot 2 is closed at once.
    await t.db
      .updateTable('institutions')
      .set({ co_account_slots: 1 })
      .where('id', '=', student.institution_id)
      .execute();
    try {
      expect((await agent.get('/api/v1/portal/me')).status).toBe(401);
      expect((await login({ username, password: 'Tweede-Ouder-99' }, t.request())).status).toBe(
        401,
      );
    } finally {
      await t.db
        .updateTable('institutions')
        .set({ co_account_slots: 2 })
        .where('id', '=', student.institution_id)
        .execute();
    }
  });

  it("decides the role by the matching credential: the parent logs in with the child's username", async () => {
    const { student, username } = await studentWithAccount(
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
      { parent_emails: ['p@example.be'] },
      { kind: 'word', password: 'kip358' },
    );
    const blocked = await studentWithAccount(
      {},
      { kind: 'word', password: 'kip358', blocked: true },
    );
    const inactive = await studentWithAccount(
      { enrolled_until: '2020-06-30' },
      { kind: 'word', password: 'kip358' },
    );
    const expired = await studentWithAccount(
      {},
      {
        type: 'advanced',
        kind: 'temporary',
        password: 'Tq7mNx4p',
        temporaryExpiresAt: new Date(t.clock.now.getTime() - 1000),
      },
    );
    const inactiveParent = await studentWithAccount(
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
      await login({ username: inactiveParent.username, password: 'Ouder-wachtwoord-1' }),
    ];
    // The right temporary password past its days is told apart (only someone who has it learns
    // it expired), and counts as no failure; a wrong one still gets the common answer.
    const stale = await login({ username: expired.username, password: 'Tq7mNx4p' });
    expect([stale.status, stale.body.code, stale.body.detail]).toEqual([
      401,
      'temporary_password_expired',
      'Je tijdelijke wachtwoord is verlopen. Vraag je leerkracht of de school om een nieuw wachtwoord.',
    ]);
    expect(stale.headers['set-cookie']).toBeUndefined();
    answers.push(await login({ username: expired.username, password: 'Tq7mNx4q' }));
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
        studentWithAccount({ group_name: '2B' }, { kind: 'word', password: `vis${100 + i}` }),
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
      const { username } = await studentWithAccount({}, { kind: 'word', password: 'mol555' });
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
