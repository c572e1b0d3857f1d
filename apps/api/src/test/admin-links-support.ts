import { beforeAll, expect } from '@jest/globals';
import type supertest from 'supertest';
import { createAdmin, createInstitution, loginAs } from './factories.js';
import { linkIn, mailAppForFile, mailbox } from './mail-support.js';
import { madeLater } from './per-file.js';

// The admin link tests' world (invitations, password resets): an app whose mails are caught,
// the school Sint-Jozefscollege, and the password link pages.

/** Starts the app and the school for the file (beforeAll/afterAll). */
export function adminLinksSchool() {
  const { t, smtp, transport } = mailAppForFile();
  let school: { id: string } | undefined;
  beforeAll(async () => {
    school = await createInstitution(t.ctx, { name: 'Sint-Jozefscollege' });
  });
  /** Sets the password of a link (the problems in `language` when given). */
  const submitTo = (token: string, password: string, language?: string) => {
    const req = t.request().post(`/api/v1/auth/password-links/${token}`);
    return (language ? req.set('accept-language', language) : req).send({ password });
  };
  return {
    t,
    school: madeLater(() => school, 'school'),
    /** Delivers the outbox; the mails that arrived since the last call. */
    delivered: mailbox(
      () => t,
      () => smtp,
      () => transport,
    ),
    /** The page of a password link. */
    info: (token: string) => t.request().get(`/api/v1/auth/password-links/${token}`),
    /** Sets the password of a link (the problems in `language` when given). */
    submit: submitTo,
    /**
     * Sends 20 different passwords to one link at once: exactly one is taken (204), the other 19
     * find the link spent (410). The password that won and those that lost.
     */
    submitConcurrently: async (token: string) => {
      const passwords = Array.from({ length: 20 }, (_, i) => `Parallel-wachtwoord-${i}`);
      const statuses = (await Promise.all(passwords.map((p) => submitTo(token, p)))).map(
        (r) => r.status,
      );
      expect(statuses.filter((s) => s === 204)).toHaveLength(1);
      expect(statuses.filter((s) => s === 410)).toHaveLength(19);
      const winner = statuses.indexOf(204);
      return { winner: passwords[winner]!, losers: passwords.filter((_, i) => i !== winner) };
    },
  };
}

/**
 * The invitation tests' world: the school above and Andere school, each with an admin logged in,
 * and inviting new users.
 */
export function invitationSchools() {
  const base = adminLinksSchool();
  const { t, school, delivered } = base;
  const made = {} as {
    otherSchool: { id: string };
    admin: supertest.Agent;
    otherAdmin: supertest.Agent;
    emails: [string, string];
  };
  /** The school admins' sessions (again after the clock jumped past their lifetime). */
  async function logInBoth() {
    made.admin = await loginAs(t.request(), made.emails[0]);
    made.otherAdmin = await loginAs(t.request(), made.emails[1]);
  }
  beforeAll(async () => {
    made.otherSchool = await createInstitution(t.ctx, { name: 'Andere school' });
    made.emails = [
      (await createAdmin(t.ctx, { institutionId: school.id })).email,
      (await createAdmin(t.ctx, { institutionId: made.otherSchool.id })).email,
    ];
    await logInBoth();
  });
  const admin = madeLater(() => made.admin, 'admin');

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

  /** The token of the one invitation mailed to `email` since the last look. */
  async function invitationToken(email: string) {
    const mails = (await delivered()).filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(1);
    return linkIn(mails[0]!, 'uitnodiging').token;
  }

  return {
    ...base,
    otherSchool: madeLater(() => made.otherSchool, 'otherSchool'),
    admin,
    otherAdmin: madeLater(() => made.otherAdmin, 'otherAdmin'),
    logInBoth,
    invite,
    invitationToken,
  };
}
