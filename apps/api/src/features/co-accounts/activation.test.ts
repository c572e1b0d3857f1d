import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createInstitution } from '../../test/factories.js';
import type { TestApp } from '../../test/harness.js';
import { createMailTestApp, mailbox, type MailTestApp } from '../../test/mail-support.js';
import { activeCoAccount, studentWithAccount } from '../../test/portal-factories.js';
import type { CaughtMail, SmtpCatcher } from '../../test/smtp-catcher.js';
import type { MailTransport } from '../../platform/mail/outbox.js';

let t: TestApp;
let env: MailTestApp;
let smtp: SmtpCatcher;
let transport: MailTransport;
let iid: string;

const delivered = mailbox(
  () => t,
  () => smtp,
  () => transport,
);

const linkIn = (mail: CaughtMail) => {
  const m = /http:\/\/schoolloket\.test\/co-account\/activeren\/([A-Za-z0-9_-]{43})/.exec(
    mail.text,
  );
  if (!m) throw new Error(`no link in ${mail.text}`);
  return { url: m[0], token: m[1]! };
};

/** Sets the co-account's password through an activation link, agreeing to the terms. */
const activate = (token: string, password: string) =>
  t
    .request()
    .post(`/api/v1/co-accounts/activation/${token}`)
    .send({ acceptAgreement: true, password });

async function requestLink(username: string, email: string, locale?: string) {
  return t
    .request()
    .post('/api/v1/co-accounts/activation-requests')
    .send({ username, email, ...(locale ? { locale } : {}) });
}

async function family(values: { first?: string; last?: string; emails?: string[] } = {}) {
  return studentWithAccount(
    t.ctx,
    iid,
    {
      first_name: values.first ?? 'Emma',
      last_name: values.last ?? 'Claes',
      parent_emails: values.emails ?? ['Ouder.Een@Example.be', 'tweede@example.be'],
    },
    { type: 'advanced', kind: 'own', password: 'Zomerzon-2024' },
  );
}

async function freshLink(username: string, email = 'ouder.een@example.be') {
  expect((await requestLink(username, email)).status).toBe(202);
  const mails = await delivered();
  expect(mails).toHaveLength(1);
  return linkIn(mails[0]!).token;
}

beforeAll(async () => {
  env = await createMailTestApp();
  ({ t, smtp, transport } = env);
  iid = (
    await t.ctx.db
      .insertInto('institutions')
      .values({
        name: 'Basisschool De Linde',
        helpdesk_email: 'helpdesk@delinde.be',
        helpdesk_phone: '09 222 14 52',
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => env.close());

describe('POST /api/v1/co-accounts/activation-requests', () => {
  it('answers 202 with the same body for a match, a wrong e-mail and an unknown username, and mails only the match', async () => {
    const { username } = await family();
    const match = await requestLink(username.toUpperCase(), ' OUDER.EEN@example.BE ');
    const wrongEmail = await requestLink(username, 'someone@example.be');
    const unknown = await requestLink('nobody.here', 'ouder.een@example.be');
    for (const res of [match, wrongEmail, unknown]) {
      expect(res.status).toBe(202);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    expect(wrongEmail.body).toEqual(match.body);
    expect(unknown.body).toEqual(match.body);
    expect(match.body.message).toMatch(/ongewenste mail/);
    const mails = await delivered();
    expect(mails).toHaveLength(1);
    // Sent to the stored address, not to what was typed (nodemailer lowercases the domain part).
    expect(mails[0]!.to).toEqual(['Ouder.Een@example.be']);
  });

  it('mails a link built from PUBLIC_BASE_URL with the child, the school and the helpdesk, in text and HTML', async () => {
    const { username } = await family({ first: 'Lotte' });
    await requestLink(`${username}@delinde.be`, 'ouder.een@example.be', 'nl');
    const [mail] = await delivered();
    expect(mail!.subject).toBe('Activeer je co-account – Basisschool De Linde');
    expect(mail!.text).toContain('ouder van Lotte');
    expect(mail!.text).toContain(username);
    expect(mail!.text).toContain('helpdesk@delinde.be of 09 222 14 52');
    const { url, token } = linkIn(mail!);
    expect(mail!.html).toContain(`href="${url}"`);
    expect(mail!.html).toContain('<html lang="nl">');
    // The link is a credential: the database holds only its hash, and the outbox body is sealed.
    const dump =
      JSON.stringify(await t.db.selectFrom('tokens').selectAll().execute()) +
      JSON.stringify(await t.db.selectFrom('outbox').selectAll().execute());
    expect(dump).not.toContain(token);
  });

  it('writes the mail in the requested language', async () => {
    const { username } = await family({ first: 'Inès' });
    await requestLink(username, 'tweede@example.be', 'fr');
    const [mail] = await delivered();
    expect(mail!.subject).toBe('Activez votre co-compte – Basisschool De Linde');
    expect(mail!.text).toContain('co-compte de parent de Inès');
    expect(mail!.to).toEqual(['tweede@example.be']);
  });

  it('does not fold Unicode look-alikes into a match', async () => {
    const { username } = await family({ emails: ['kim@example.be'] });
    // U+212A KELVIN SIGN lowercases to "k" under Unicode rules; it must not match.
    expect((await requestLink(username, '\u212Aim@example.be')).status).toBe(202);
    expect(await delivered()).toHaveLength(0);
  });

  it('sends nothing for a blocked student, and stops mailing one slot after five requests an hour', async () => {
    const blocked = await studentWithAccount(
      t.ctx,
      iid,
      { parent_emails: ['b@example.be'] },
      { blocked: true },
    );
    await requestLink(blocked.username, 'b@example.be');
    expect(await delivered()).toHaveLength(0);
    const { username } = await family({ emails: ['flood@example.be'] });
    for (let i = 0; i < 7; i++)
      expect((await requestLink(username, 'flood@example.be')).status).toBe(202);
    expect(await delivered()).toHaveLength(5);
  });

  it('rejects oversized bodies and malformed input without saying anything about accounts', async () => {
    const big = await t
      .request()
      .post('/api/v1/co-accounts/activation-requests')
      .send({ username: 'x', email: 'a'.repeat(10_000) });
    expect(big.status).toBe(413);
    const bad = await t
      .request()
      .post('/api/v1/co-accounts/activation-requests')
      .send({ username: 'x' });
    expect(bad.status).toBe(400);
  });
});

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
    const row = await t.db
      .selectFrom('co_accounts')
      .selectAll()
      .where('student_id', '=', student.id)
      .where('slot', '=', 1)
      .executeTakeFirstOrThrow();
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
    const login = await t
      .request()
      .post('/api/v1/portal/login')
      .send({ username, password: 'Kastanjeboom-17' });
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
    expect((await t.request().get(`/api/v1/co-accounts/activation/${token}`)).status).toBe(200);
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
    const row = await t.db
      .selectFrom('co_accounts')
      .selectAll()
      .where('student_id', '=', student.id)
      .where('slot', '=', 1)
      .executeTakeFirstOrThrow();
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
    for (let i = 0; i < 8; i++)
      expect(
        (
          await t
            .request()
            .post('/api/v1/portal/login')
            .send({ username, password: `x${i}` })
        ).status,
      ).toBe(401);
    const guess = (password: string) => activate(token, password);
    expect((await guess('Tweede-Ouder-99')).status).toBe(422);
    expect((await guess('Zomerzon-2024')).status).toBe(422);
    const login = await t
      .request()
      .post('/api/v1/portal/login')
      .send({ username, password: 'Tweede-Ouder-99' });
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
    const login = await t
      .request()
      .post('/api/v1/portal/login')
      .send({ username, password: `Parallel-wachtwoord-${winner}` });
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
    expect((await t.request().get(`/api/v1/co-accounts/activation/${old}`)).status).toBe(410);
    expect((await t.request().get(`/api/v1/co-accounts/activation/${newer}`)).status).toBe(200);

    t.clock.advance(24 * 3_600_000 + 1_000);
    expect((await t.request().get(`/api/v1/co-accounts/activation/${newer}`)).status).toBe(410);

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
    expect(
      (await parent.post('/api/v1/portal/login').send({ username, password: 'Oud-wachtwoord-1' }))
        .status,
    ).toBe(200);
    const token = await freshLink(username);
    expect((await t.request().get(`/api/v1/co-accounts/activation/${token}`)).body.reset).toBe(
      true,
    );
    expect((await activate(token, 'Nieuw-wachtwoord-2')).status).toBe(200);
    expect((await parent.get('/api/v1/portal/me')).status).toBe(401);
    const [mail] = await delivered();
    expect(mail!.subject).toBe('Je wachtwoord is gewijzigd – Basisschool De Linde');
    expect(
      (
        await t
          .request()
          .post('/api/v1/portal/login')
          .send({ username, password: 'Oud-wachtwoord-1' })
      ).status,
    ).toBe(401);
    expect(
      (
        await t
          .request()
          .post('/api/v1/portal/login')
          .send({ username, password: 'Nieuw-wachtwoord-2' })
      ).status,
    ).toBe(200);
  });

  it('voids a link when the school changes the e-mail of the slot', async () => {
    const { student, username } = await family();
    const token = await freshLink(username);
    await t.db
      .updateTable('students')
      .set({ parent_emails: ['nieuw@example.be'] })
      .where('id', '=', student.id)
      .execute();
    expect((await t.request().get(`/api/v1/co-accounts/activation/${token}`)).status).toBe(410);
  });
});

describe('GET /api/v1/co-accounts/helpdesk', () => {
  it("gives a school's helpdesk contact, and 404 for an unknown school", async () => {
    const res = await t.request().get(`/api/v1/co-accounts/helpdesk?school=${iid}`);
    expect(res.body).toEqual({
      schoolName: 'Basisschool De Linde',
      email: 'helpdesk@delinde.be',
      phone: '09 222 14 52',
    });
    const other = await createInstitution(t.ctx);
    expect(
      (await t.request().get(`/api/v1/co-accounts/helpdesk?school=${other.id}`)).body.email,
    ).toBeNull();
    expect((await t.request().get('/api/v1/co-accounts/helpdesk?school=nope')).status).toBe(404);
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
    expect(
      (await parent.post('/api/v1/portal/login').send({ username, password: 'Oud-wachtwoord-1' }))
        .status,
    ).toBe(200);
    const changed = await parent
      .post('/api/v1/portal/password')
      .send({ currentPassword: 'Oud-wachtwoord-1', newPassword: 'Vlinder-Rivier-Toren-82' });
    expect(changed.status).toBe(200);
    await delivered(); // the confirmation mail
    expect((await t.request().get(`/api/v1/co-accounts/activation/${ownLink}`)).status).toBe(410);
    const use = await activate(ownLink, 'Kasteel-Appel-Wolken-37');
    expect(use.status).toBe(410);
    expect(use.headers['content-type']).toMatch(/application\/problem\+json/);
    // The password the parent chose still holds.
    expect(
      (
        await t
          .request()
          .post('/api/v1/portal/login')
          .send({ username, password: 'Vlinder-Rivier-Toren-82' })
      ).status,
    ).toBe(200);
    // The other parent's link is theirs: untouched.
    expect((await t.request().get(`/api/v1/co-accounts/activation/${otherLink}`)).status).toBe(200);
  });

  it('setting a password through one link voids the other open links of that slot', async () => {
    const { student, username } = await family();
    await activeCoAccount(t.ctx, student, 1, 'Oud-wachtwoord-1');
    const first = await freshLink(username);
    // A newer request supersedes the first link; both are open until used or superseded.
    const second = await freshLink(username);
    expect((await activate(second, 'Vlinder-Rivier-Toren-82')).status).toBe(200);
    await delivered();
    expect((await t.request().get(`/api/v1/co-accounts/activation/${first}`)).status).toBe(410);
    expect((await t.request().get(`/api/v1/co-accounts/activation/${second}`)).status).toBe(410);
  });
});
