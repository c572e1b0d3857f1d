import { afterAll, beforeAll, expect } from '@jest/globals';
import type { TestApp } from './harness.js';
import { createMailTestApp, mailbox, type MailTestApp } from './mail-support.js';
import { portalLogin, studentWithAccount } from './portal-factories.js';
import type { CaughtMail } from './smtp-catcher.js';

// Co-account activation in tests: one school with a helpdesk and an SMTP catcher, families
// whose parents ask for a link, and the links in the mails they get.

/** The activation link of a mail and its token. */
export function activationLinkIn(mail: CaughtMail) {
  const m = /http:\/\/schoolloket\.test\/co-account\/activeren\/([A-Za-z0-9_-]{43})/.exec(
    mail.text,
  );
  if (!m) throw new Error(`no link in ${mail.text}`);
  return { url: m[0], token: m[1]! };
}

/**
 * Starts the app for the file (beforeAll/afterAll) with the school Basisschool De Linde, and
 * answers the calls the activation tests share.
 */
export function activationSchool() {
  const state = {} as { env: MailTestApp; iid: string };
  const t = () => state.env.t;
  beforeAll(async () => {
    state.env = await createMailTestApp();
    state.iid = (
      await t()
        .ctx.db.insertInto('institutions')
        .values({
          name: 'Basisschool De Linde',
          helpdesk_email: 'helpdesk@delinde.be',
          helpdesk_phone: '09 222 14 52',
        })
        .returningAll()
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => state.env.close());

  const delivered = mailbox(
    t,
    () => state.env.smtp,
    () => state.env.transport,
  );

  const requestLink = (username: string, email: string, locale?: string) =>
    t()
      .request()
      .post('/api/v1/co-accounts/activation-requests')
      .send({ username, email, ...(locale ? { locale } : {}) });

  return {
    get t(): TestApp {
      return t();
    },
    get iid() {
      return state.iid;
    },
    delivered,
    requestLink,

    /** A student with an own password and two parent addresses (no co-account yet). */
    family(values: { first?: string; last?: string; emails?: string[] } = {}) {
      return studentWithAccount(
        t().ctx,
        state.iid,
        {
          first_name: values.first ?? 'Emma',
          last_name: values.last ?? 'Claes',
          parent_emails: values.emails ?? ['Ouder.Een@Example.be', 'tweede@example.be'],
        },
        { type: 'advanced', kind: 'own', password: 'Zomerzon-2024' },
      );
    },

    /** Asks for a link and answers the token of the one mail it sends. */
    async freshLink(username: string, email = 'ouder.een@example.be') {
      expect((await requestLink(username, email)).status).toBe(202);
      const mails = await delivered();
      expect(mails).toHaveLength(1);
      return activationLinkIn(mails[0]!).token;
    },

    /** Sets the co-account's password through an activation link, agreeing to the terms. */
    activate: (token: string, password: string) =>
      t()
        .request()
        .post(`/api/v1/co-accounts/activation/${token}`)
        .send({ acceptAgreement: true, password }),

    /** The status the activation page answers for a link (200 open, 410 dead). */
    linkStatus: async (token: string) =>
      (await t().request().get(`/api/v1/co-accounts/activation/${token}`)).status,

    logIn: (username: string, password: string) => portalLogin(t().request(), username, password),
  };
}
