import { beforeAll, describe, expect, it } from '@jest/globals';
import { activationLinkIn, activationSchool } from '../../test/activation-support.js';
import { createInstitution } from '../../test/factories.js';
import type { TestApp } from '../../test/harness.js';
import { studentWithAccount } from '../../test/portal-factories.js';

// A parent asks for an activation link by the child's username and their own address; the
// answer never says whether they matched. The page's helpdesk contact.

const school = activationSchool();
const { delivered, family, requestLink } = school;
let t: TestApp;
let iid: string;
beforeAll(() => {
  ({ t, iid } = school);
});

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
    const { url, token } = activationLinkIn(mail!);
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

  it("answers in the body's language, else in Accept-Language's (found by an outside test)", async () => {
    const url = '/api/v1/co-accounts/activation-requests';
    const body = { username: 'niemand.hier', email: 'x@example.be' };
    const en = await t.request().post(url).set('Accept-Language', 'en').send(body);
    expect([en.status, en.body.message]).toEqual([202, expect.stringMatching(/^If the username/)]);
    const fr = await t
      .request()
      .post(url)
      .set('Accept-Language', 'en')
      .send({ ...body, locale: 'fr' });
    expect(fr.body.message).toMatch(/^Si le nom/);
    expect((await t.request().post(url).send(body)).body.message).toMatch(/^Als de gebruikersnaam/);
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
