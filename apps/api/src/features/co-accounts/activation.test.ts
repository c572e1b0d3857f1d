import { beforeAll, describe, expect, it } from '@jest/globals';
import { activationSchool } from '../../test/activation-support.js';
import type { TestApp } from '../../test/harness.js';
import { activeCoAccount, portalLogin } from '../../test/portal-factories.js';
import { DEVICE_COOKIE } from '../../platform/security/device-cookies.js';

// The activation link: the page, setting (or resetting) the co-account's password, and what
// makes a link dead. Asking for a link: activation-requests.test.ts.

const school = activationSchool();
const { activate, delivered, family, freshLink, linkStatus, logIn } = school;
let t: TestApp;
beforeAll(() => {
  t = school.t;
});

/** The stored co-account of a student's slot 1 (the one the links here are for). */
const firstSlot = (studentId: string) =>
  t.db
    .selectFrom('co_accounts')
    .selectAll()
    .where('student_id', '=', studentId)
    .where('slot', '=', 1)
    .executeTakeFirstOrThrow();

describe('GET and POST /api/v1/co-accounts/activation/:token', () => {
  it("shows the child's first name, the school and the versioned agreement", async () => {
    const { username } = await family({ first: 'Noor' });
    const token = await freshLink(username);
    const res = await t.request().get(`/api/v1/co-accounts/activation/${token}?locale=en`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      childFirstName: 'Noor',
      schoolName: 'Basisschool De Linde',
      reset: false,
      agreement: { version: 'default-2026-11', locale: 'en', title: 'Co-account user agreement' },
      helpdesk: { email: 'helpdesk@delinde.be', phone: '09 222 14 52' },
    });
    expect(res.body.agreement.text).toContain('your child Noor');
    const nl = await t
      .request()
      .get(`/api/v1/co-accounts/activation/${token}`)
      .set('accept-language', 'nl-BE,nl;q=0.9');
    expect(nl.body.agreement.title).toBe('Gebruikersovereenkomst co-account');
  });

  it('activates with the agreement and a good password, mails a confirmation and does not log in', async () => {
    const { student, username } = await family({ first: 'Ruben' });
    const token = await freshLink(username);
    const res = await activate(token, 'Kastanjeboom-17');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ username, loginUrl: 'http://schoolloket.test/aanmelden' });
    expect(res.headers['set-cookie']).toBeUndefined();
    const row = await firstSlot(student.id);
    expect(row).toMatchObject({
      state: 'active',
      agreement_version: 'default-2026-11',
      email: 'Ouder.Een@Example.be',
    });
    expect(row.agreement_accepted_at).toBeInstanceOf(Date);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const [mail] = await delivered();
    expect(mail!.subject).toBe('Je co-account is actief – Basisschool De Linde');
    expect(mail!.text).toContain(username);
    const events = await t.db
      .selectFrom('account_events')
      .selectAll()
      .where('student_id', '=', student.id)
      .execute();
    expect(events.map((e) => [e.kind, e.actor_kind])).toContainEqual([
      'co_account_activated',
      'parent',
    ]);
    // The parent logs in with the child's username and the own password.
    const login = await logIn(username, 'Kastanjeboom-17');
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ role: 'parent', slot: 1, mustChangePassword: false });
  });

  it('refuses when the agreement is not accepted, and the link keeps working', async () => {
    const { username } = await family();
    const token = await freshLink(username);
    const res = await t
      .request()
      .post(`/api/v1/co-accounts/activation/${token}`)
      .set('accept-language', 'fr')
      .send({ acceptAgreement: false, password: 'Kastanjeboom-17' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: 'body.acceptAgreement', code: 'agreement_not_accepted' }),
    ]);
    expect(res.body.detail).toContain('Acceptez la convention');
    expect(await linkStatus(token)).toBe(200);
  });

  it('refuses weak passwords and passwords that would make the login ambiguous, changing nothing and saying no more', async () => {
    const { student, username } = await family({ first: 'Wannes', last: 'Verhulst' });
    await activeCoAccount(t.ctx, student, 2, 'Tweede-Ouder-99');
    const token = await freshLink(username);
    const post = (password: string) => activate(token, password);
    const codes = async (password: string) => {
      const res = await post(password);
      expect(res.status).toBe(422);
      return res.body.errors.map((e: { code: string }) => e.code);
    };
    expect(await codes('kort')).toContain('password_too_short');
    expect(await codes('password123')).toContain('password_common');
    expect(await codes('wannes-papa-2024')).toContain('password_contains_name');
    expect(await codes(`x-${username}-x`)).toContain('password_contains_username');
    expect(await codes('Zomerzon-2024')).toEqual(['password_not_allowed']); // the child's password
    expect(await codes('Tweede-Ouder-99')).toEqual(['password_not_allowed']); // the other parent's
    // The answer does not say that another credential of this username uses it.
    const answer = await post('Tweede-Ouder-99');
    expect(answer.body.detail).toBe(
      'Dit wachtwoord is niet toegestaan. Kies een ander wachtwoord.',
    );
    expect(JSON.stringify(answer.body)).not.toMatch(/gebruikersnaam|username|ouder|kind/i);
    const row = await firstSlot(student.id);
    expect(row.state).toBe('invited');
    expect(row.password_hash).toBeNull();
    expect((await post('Kastanjeboom-17')).status).toBe(200);
    expect(await delivered()).toHaveLength(1);
  });

  it("counts a password that another credential opens as a failed login for the username (the lockout's gate)", async () => {
    const { student, username } = await family();
    await activeCoAccount(t.ctx, student, 2, 'Tweede-Ouder-99');
    const token = await freshLink(username);
    // Eight wrong logins of untrusted clients, then two guesses through the link: the tenth
    // failure locks the username for untrusted clients, as ten wrong logins would.
    for (let i = 0; i < 8; i++) expect((await logIn(username, `x${i}`)).status).toBe(401);
    const guess = (password: string) => activate(token, password);
    expect((await guess('Tweede-Ouder-99')).status).toBe(422);
    expect((await guess('Zomerzon-2024')).status).toBe(422);
    const login = await logIn(username, 'Tweede-Ouder-99');
    expect(login.status).toBe(429);
    // While it is locked the link cannot test further guesses either.
    const locked = await guess('Tweede-Ouder-98');
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
  });

  it('is single use even under 20 concurrent submits', async () => {
    const { student, username } = await family();
    const token = await freshLink(username);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .request()
          .post(`/api/v1/co-accounts/activation/${token}`)
          .send({ acceptAgreement: true, password: `Parallel-wachtwoord-${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(19);
    const winner = results.findIndex((r) => r.status === 200);
    const events = await t.db
      .selectFrom('account_events')
      .select('kind')
      .where('student_id', '=', student.id)
      .where('kind', '=', 'co_account_activated')
      .execute();
    expect(events).toHaveLength(1);
    const login = await logIn(username, `Parallel-wachtwoord-${winner}`);
    expect(login.body.role).toBe('parent');
    expect(await delivered()).toHaveLength(1); // one confirmation
  });

  it('answers 410 for used, expired, superseded and garbled links', async () => {
    const { username } = await family();
    const used = await freshLink(username);
    expect((await activate(used, 'Kastanjeboom-17')).status).toBe(200);
    await delivered();
    const again = await activate(used, 'Kastanjeboom-18');
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('link_invalid');

    const old = await freshLink(username);
    const newer = await freshLink(username);
    expect(await linkStatus(old)).toBe(410);
    expect(await linkStatus(newer)).toBe(200);

    t.clock.advance(24 * 3_600_000 + 1_000);
    expect(await linkStatus(newer)).toBe(410);

    for (const garbled of ['abc', 'x'.repeat(43), `${newer.slice(0, 42)}A`, '%00']) {
      const res = await t
        .request()
        .get(`/api/v1/co-accounts/activation/${encodeURIComponent(garbled)}`);
      expect(res.status).toBe(410);
      expect(res.body).toEqual(again.body);
    }
  });

  it('resets the password of an active co-account through the same flow and ends its sessions', async () => {
    const { student, username } = await family();
    await activeCoAccount(t.ctx, student, 1, 'Oud-wachtwoord-1');
    const parent = t.request();
    expect((await portalLogin(parent, username, 'Oud-wachtwoord-1')).status).toBe(200);
    const token = await freshLink(username);
    expect((await t.request().get(`/api/v1/co-accounts/activation/${token}`)).body.reset).toBe(
      true,
    );
    expect((await activate(token, 'Nieuw-wachtwoord-2')).status).toBe(200);
    expect((await parent.get('/api/v1/portal/me')).status).toBe(401);
    const [mail] = await delivered();
    expect(mail!.subject).toBe('Je wachtwoord is gewijzigd – Basisschool De Linde');
    expect((await logIn(username, 'Oud-wachtwoord-1')).status).toBe(401);
    expect((await logIn(username, 'Nieuw-wachtwoord-2')).status).toBe(200);
  });

  it('voids a link when the school changes the e-mail of the slot', async () => {
    const { student, username } = await family();
    const token = await freshLink(username);
    await t.db
      .updateTable('students')
      .set({ parent_emails: ['nieuw@example.be'] })
      .where('id', '=', student.id)
      .execute();
    expect(await linkStatus(token)).toBe(410);
  });
});

describe('a password change voids the open links of that credential', () => {
  it("a parent's own password change in the portal voids their open reset link, not the other parent's", async () => {
    const { student, username } = await family();
    await activeCoAccount(t.ctx, student, 1, 'Oud-wachtwoord-1');
    await activeCoAccount(t.ctx, student, 2, 'Ander-wachtwoord-9');
    const ownLink = await freshLink(username);
    const otherLink = await freshLink(username, 'tweede@example.be');
    const parent = t.request();
    expect((await portalLogin(parent, username, 'Oud-wachtwoord-1')).status).toBe(200);
    const changed = await parent
      .post('/api/v1/portal/password')
      .send({ currentPassword: 'Oud-wachtwoord-1', newPassword: 'Vlinder-Rivier-Toren-82' });
    expect(changed.status).toBe(200);
    await delivered(); // the confirmation mail
    expect(await linkStatus(ownLink)).toBe(410);
    const use = await activate(ownLink, 'Kasteel-Appel-Wolken-37');
    expect(use.status).toBe(410);
    expect(use.headers['content-type']).toMatch(/application\/problem\+json/);
    // The password the parent chose still holds.
    expect((await logIn(username, 'Vlinder-Rivier-Toren-82')).status).toBe(200);
    // The other parent's link is theirs: untouched.
    expect(await linkStatus(otherLink)).toBe(200);
  });

  it('setting a password through one link voids the other open links of that slot', async () => {
    const { student, username } = await family();
    await activeCoAccount(t.ctx, student, 1, 'Oud-wachtwoord-1');
    const first = await freshLink(username);
    // A newer request supersedes the first link; both are open until used or superseded.
    const second = await freshLink(username);
    expect((await activate(second, 'Vlinder-Rivier-Toren-82')).status).toBe(200);
    await delivered();
    expect(await linkStatus(first)).toBe(410);
    expect(await linkStatus(second)).toBe(410);
  });
});

describe("a stranger's lock of the child's username", () => {
  // Found by an outside test: eleven wrong logins by someone who knows only the username locked
  // it for every browser that never logged in for it, and the parent's genuine activation link
  // answered 429 for as long as the stranger kept guessing once per lock period.
  it("does not hold the parent's activation link, and trusts the parent's browser while it runs", async () => {
    const { username } = await family();
    for (let i = 0; i < 11; i++) await logIn(username, `Gok-van-een-vreemde-${i}`);
    expect((await logIn(username, 'Zomerzon-2024')).status).toBe(429);
    const token = await freshLink(username);
    const parent = t.request();
    const res = await parent
      .post(`/api/v1/co-accounts/activation/${token}`)
      .send({ acceptAgreement: true, password: 'Kastanjeboom-17' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ username, loginUrl: 'http://schoolloket.test/aanmelden' });
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    // The device cookie only (at path /, sent to every login), no session.
    expect(cookies.map((c) => [c.split('=')[0], /;\s*Path=([^;]+)/i.exec(c)?.[1]])).toEqual([
      [DEVICE_COOKIE, '/'],
    ]);
    await delivered(); // the confirmation
    // Activation still does not log in.
    expect((await parent.get('/api/v1/portal/me')).status).toBe(401);
    // The parent's browser is trusted for the username: its login passes the stranger's lock.
    const login = await portalLogin(parent, username, 'Kastanjeboom-17');
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ role: 'parent', slot: 1, mustChangePassword: false });
    // A fresh client is still held, with the right password too.
    const fresh = await logIn(username, 'Kastanjeboom-17');
    expect(fresh.status).toBe(429);
    expect(fresh.headers['retry-after']).toBeDefined();
  });
});
